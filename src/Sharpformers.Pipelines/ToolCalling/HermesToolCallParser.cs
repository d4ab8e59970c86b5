using System.Text;

namespace Sharpformers.Pipelines;

/// <summary>Hermes / Qwen2.5 / Qwen3: each call is a JSON object between <c>&lt;tool_call&gt;</c> and <c>&lt;/tool_call&gt;</c>.</summary>
internal static class HermesToolCallParser
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";

    public static ParsedReply Parse(string text)
    {
        var calls = new List<ParsedToolCall>();
        var content = new StringBuilder();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf(Open, at, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var bodyStart = open + Open.Length;
            var close = text.IndexOf(Close, bodyStart, StringComparison.Ordinal);

            // A reply cut off by max_new_tokens may lack the closing tag: the JSON alone decides then.
            var bodyEnd = close < 0 ? text.Length : close;
            if (ToolCallJson.ReadCalls(text[bodyStart..bodyEnd].Trim()) is not { } found)
            {
                break;
            }

            content.Append(text, at, open - at);
            calls.AddRange(found);
            at = close < 0 ? text.Length : close + Close.Length;
        }

        if (calls.Count == 0)
        {
            return ParsedReply.Text(text);
        }

        content.Append(text, at, text.Length - at);
        return new ParsedReply(content.ToString().Trim(), calls);
    }
}
