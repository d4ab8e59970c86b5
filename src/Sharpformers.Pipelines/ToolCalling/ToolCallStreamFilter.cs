using System.Text;

namespace Sharpformers.Pipelines;

/// <summary>
/// Streams a reply's text while holding back what may be a tool call, so callers see calls only when complete: text
/// after a format's marker (<c>&lt;tool_call&gt;</c>, <c>[TOOL_CALLS]</c>, <c>&lt;|python_tag|&gt;</c>) is held, and so
/// is a reply that opens like JSON for the formats where a call is the whole reply. <see cref="Finish"/> parses the held part.
/// </summary>
internal sealed class ToolCallStreamFilter(ToolCallFormat format)
{
    private readonly StringBuilder _pending = new();
    private bool _holding;
    private bool _sawText;

    /// <summary>Adds new text; returns what can be shown now.</summary>
    public string Push(string text)
    {
        _pending.Append(text);
        if (_holding)
        {
            return string.Empty;
        }

        var pending = _pending.ToString();
        if (!_sawText && format != ToolCallFormat.Hermes)
        {
            var start = pending.TrimStart();
            if (start.Length == 0)
            {
                return string.Empty;
            }

            _sawText = true;
            if (start[0] is '{' or '[' || start.StartsWith('`'))
            {
                _holding = true;
                return string.Empty;
            }
        }

        var marker = Marker();
        var found = pending.IndexOf(marker, StringComparison.Ordinal);
        if (found >= 0)
        {
            _holding = true;
            _pending.Remove(0, found);
            return pending[..found];
        }

        // Keep back a tail that could still grow into the marker.
        var keep = 0;
        for (var length = Math.Min(marker.Length - 1, pending.Length); length > 0; length--)
        {
            if (marker.AsSpan(0, length).SequenceEqual(pending.AsSpan(pending.Length - length)))
            {
                keep = length;
                break;
            }
        }

        _pending.Remove(0, pending.Length - keep);
        return pending[..^keep];
    }

    /// <summary>Ends the stream: the calls in the held text, and the text still to show.</summary>
    public ParsedReply Finish(string text)
    {
        Push(text);
        var held = _pending.ToString();
        _pending.Clear();
        return held.Length == 0 ? ParsedReply.Text(string.Empty) : ToolCallFormats.Parse(held, format);
    }

    private string Marker() => format switch
    {
        ToolCallFormat.Mistral => MistralToolCallParser.Marker,
        ToolCallFormat.Llama => LlamaToolCallParser.PythonTag,
        _ => HermesToolCallParser.Open,
    };
}
