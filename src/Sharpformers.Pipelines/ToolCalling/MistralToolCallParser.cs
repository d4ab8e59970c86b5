namespace Sharpformers.Pipelines;

/// <summary>
/// Mistral tool calls: <c>[TOOL_CALLS]</c> then a JSON list of call objects. <c>[TOOL_CALLS]</c> is a control token that
/// decoding with <c>skip_special_tokens</c> removes, so a reply that is a bare list of calls is read the same way.
/// </summary>
internal static class MistralToolCallParser
{
    public const string Marker = "[TOOL_CALLS]";

    public static ParsedReply Parse(string text)
    {
        var marker = text.IndexOf(Marker, StringComparison.Ordinal);
        var content = marker < 0 ? string.Empty : text[..marker].Trim();
        var body = ToolCallJson.Unfence(marker < 0 ? text : text[(marker + Marker.Length)..]);
        if (!body.StartsWith('[') && !body.StartsWith('{'))
        {
            return ParsedReply.Text(text);
        }

        return ToolCallJson.ReadCalls(body) is { } calls ? new ParsedReply(content, calls) : ParsedReply.Text(text);
    }
}
