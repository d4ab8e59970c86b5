namespace Sharpformers.Pipelines;

/// <summary>Detects a model's tool-call format from its chat template and parses replies written in it.</summary>
public static class ToolCallFormats
{
    /// <summary>
    /// The format a chat template teaches the model: <c>&lt;tool_call&gt;</c> → <see cref="ToolCallFormat.Hermes"/>,
    /// <c>[TOOL_CALLS]</c> → <see cref="ToolCallFormat.Mistral"/>, <c>&lt;|python_tag|&gt;</c> or a Llama 3 header with
    /// <c>"parameters"</c> → <see cref="ToolCallFormat.Llama"/>; anything else (or no template) → <see cref="ToolCallFormat.Json"/>.
    /// </summary>
    /// <param name="chatTemplate">The Jinja source of the chat template, or null.</param>
    /// <returns>The detected format.</returns>
    public static ToolCallFormat Detect(string? chatTemplate)
    {
        if (string.IsNullOrEmpty(chatTemplate))
        {
            return ToolCallFormat.Json;
        }

        if (chatTemplate.Contains("<tool_call>", StringComparison.Ordinal))
        {
            return ToolCallFormat.Hermes;
        }

        if (chatTemplate.Contains("[TOOL_CALLS]", StringComparison.Ordinal))
        {
            return ToolCallFormat.Mistral;
        }

        if (chatTemplate.Contains("<|python_tag|>", StringComparison.Ordinal)
            || (chatTemplate.Contains("<|start_header_id|>", StringComparison.Ordinal) && chatTemplate.Contains("\"parameters\"", StringComparison.Ordinal)))
        {
            return ToolCallFormat.Llama;
        }

        return ToolCallFormat.Json;
    }

    /// <summary>Splits a reply into its text and the tool calls written in <paramref name="format"/>.</summary>
    /// <param name="text">The generated reply.</param>
    /// <param name="format">The model's tool-call format.</param>
    /// <returns>The calls found (none when the reply is plain text) and the text around them.</returns>
    public static ParsedReply Parse(string text, ToolCallFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        return format switch
        {
            ToolCallFormat.Hermes => HermesToolCallParser.Parse(text),
            ToolCallFormat.Llama => LlamaToolCallParser.Parse(text),
            ToolCallFormat.Mistral => MistralToolCallParser.Parse(text),
            ToolCallFormat.Json => JsonToolCallParser.Parse(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown tool-call format"),
        };
    }
}
