namespace Sharpformers.Pipelines;

/// <summary>
/// The fallback for templates of no known format: a reply that is wholly a call object (or a list of them, or
/// <c>{"tool_calls": [...]}</c>, optionally fenced as Markdown code), or that uses Hermes tags, is read as calls.
/// </summary>
internal static class JsonToolCallParser
{
    public static ParsedReply Parse(string text)
    {
        if (text.Contains(HermesToolCallParser.Open, StringComparison.Ordinal))
        {
            return HermesToolCallParser.Parse(text);
        }

        var body = ToolCallJson.Unfence(text);
        if (!body.StartsWith('{') && !body.StartsWith('['))
        {
            return ParsedReply.Text(text);
        }

        return ToolCallJson.ReadCalls(body) is { } calls ? new ParsedReply(string.Empty, calls) : ParsedReply.Text(text);
    }
}
