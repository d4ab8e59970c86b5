namespace Sharpformers.Pipelines;

/// <summary>A tool call read from a model's reply.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON object text (<c>{}</c> when the model gave none).</param>
public sealed record ParsedToolCall(string Name, string ArgumentsJson);

/// <summary>A reply split into its plain text and its tool calls.</summary>
/// <param name="Content">The text outside the tool calls (trimmed); empty when the reply is only calls.</param>
/// <param name="ToolCalls">The calls, in order; empty when the reply is plain text.</param>
public sealed record ParsedReply(string Content, IReadOnlyList<ParsedToolCall> ToolCalls)
{
    internal static ParsedReply Text(string text) => new(text, []);
}
