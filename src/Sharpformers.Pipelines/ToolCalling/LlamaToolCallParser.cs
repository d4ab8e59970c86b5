namespace Sharpformers.Pipelines;

/// <summary>
/// Llama 3.1/3.2/3.3 JSON tool calls: the whole reply is <c>{"name": ..., "parameters": {...}}</c>, possibly after
/// <c>&lt;|python_tag|&gt;</c> (kept when the text was decoded with special tokens), several calls separated by <c>;</c>.
/// </summary>
internal static class LlamaToolCallParser
{
    public const string PythonTag = "<|python_tag|>";

    public static ParsedReply Parse(string text)
    {
        var body = text.Trim();
        if (body.StartsWith(PythonTag, StringComparison.Ordinal))
        {
            body = body[PythonTag.Length..].Trim();
        }

        body = ToolCallJson.Unfence(body);
        if (!body.StartsWith('{') && !body.StartsWith('['))
        {
            return ParsedReply.Text(text);
        }

        if (ToolCallJson.ReadCalls(body) is { } calls)
        {
            return new ParsedReply(string.Empty, calls);
        }

        // Several calls: objects separated by ';' (only split where each piece is a whole call).
        var all = new List<ParsedToolCall>();
        foreach (var piece in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ToolCallJson.ReadCalls(piece) is not { } some)
            {
                return ParsedReply.Text(text);
            }

            all.AddRange(some);
        }

        return all.Count > 0 ? new ParsedReply(string.Empty, all) : ParsedReply.Text(text);
    }
}
