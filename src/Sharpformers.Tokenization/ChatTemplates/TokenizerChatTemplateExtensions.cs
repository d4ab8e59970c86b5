using System.Text.Json;

namespace Sharpformers.Tokenization;

/// <summary>
/// <c>apply_chat_template</c> for a <see cref="PretrainedTokenizer"/>: picks the <c>chat_template</c> of its
/// tokenizer_config.json (a string, or a list of named templates) and renders it with the tokenizer's special tokens,
/// as transformers does.
/// </summary>
public static class TokenizerChatTemplateExtensions
{
    /// <summary>Whether the tokenizer's folder declares a chat template.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <returns><see langword="true"/> when <c>chat_template</c> is present.</returns>
    public static bool HasChatTemplate(this PretrainedTokenizer tokenizer) =>
        tokenizer?.TokenizerConfig is { } config && config.TryGetProperty("chat_template", out var t) && t.ValueKind is JsonValueKind.String or JsonValueKind.Array;


    /// <summary>Renders a conversation into the model's prompt text.</summary>
    /// <param name="tokenizer">The tokenizer whose tokenizer_config.json holds <c>chat_template</c>.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="addGenerationPrompt">Append the tokens that start the assistant's turn (<c>add_generation_prompt</c>).</param>
    /// <param name="tools">Tool definitions (JSON schema objects), passed as <c>tools</c>.</param>
    /// <param name="variables">Extra template variables (transformers' <c>**kwargs</c>).</param>
    /// <param name="templateName">A named template from a template list; default <c>tool_use</c> when tools are given and present, else <c>default</c>.</param>
    /// <returns>The rendered prompt (not tokenized; encode it with <c>addSpecialTokens: false</c>).</returns>
    /// <exception cref="InvalidOperationException">The tokenizer has no chat template.</exception>
    /// <exception cref="ChatTemplateException">
    /// The template failed or raised, the named template is absent, or tools were given to a template that does not read
    /// <c>tools</c> (<see cref="ChatTemplate.SupportsTools"/>).
    /// </exception>
    public static string ApplyChatTemplate(
        this PretrainedTokenizer tokenizer,
        IReadOnlyList<ChatMessage> messages,
        bool addGenerationPrompt = true,
        IReadOnlyList<JsonElement>? tools = null,
        IReadOnlyDictionary<string, object?>? variables = null,
        string? templateName = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(messages);
        var template = ChatTemplate.Parse(SelectSource(tokenizer, templateName, tools is { Count: > 0 }));
        if (tools is { Count: > 0 } && !template.SupportsTools)
        {
            throw new ChatTemplateException(
                "tools were given but this model's chat template never reads the 'tools' variable, so the model would not see them; " +
                "use a model whose chat template supports tool calling, or pass a chat template that does",
                "ToolsNotSupported", 0, 0);
        }

        var all = new Dictionary<string, object?>(StringComparer.Ordinal);
        AddToken(all, "unk_token", tokenizer.UnkToken);
        AddToken(all, "pad_token", tokenizer.PadToken);
        AddToken(all, "sep_token", tokenizer.SepToken);
        AddToken(all, "cls_token", tokenizer.ClsToken);
        AddToken(all, "mask_token", tokenizer.MaskToken);
        if (tokenizer.AdditionalSpecialTokens.Count > 0)
        {
            all["additional_special_tokens"] = tokenizer.AdditionalSpecialTokens;
        }

        if (variables is not null)
        {
            foreach (var (key, value) in variables)
            {
                all[key] = value;
            }
        }

        return template.Render(messages, new ChatTemplateOptions
        {
            AddGenerationPrompt = addGenerationPrompt,
            Tools = tools,
            BosToken = tokenizer.BosToken,
            EosToken = tokenizer.EosToken,
            Variables = all,
        });
    }

    private static void AddToken(Dictionary<string, object?> variables, string name, string? value)
    {
        if (value is not null)
        {
            variables[name] = value;
        }
    }

    private static string SelectSource(PretrainedTokenizer tokenizer, string? templateName, bool hasTools) =>
        (tokenizer.TokenizerConfig is { } config ? ChatTemplateSelector.Select(config, templateName, hasTools) : null)
        ?? throw new InvalidOperationException(
            "this tokenizer has no chat template: tokenizer_config.json declares no 'chat_template' (pass plain text, or use a chat model)");
}
