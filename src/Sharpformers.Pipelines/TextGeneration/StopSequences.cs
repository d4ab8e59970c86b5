namespace Sharpformers.Pipelines;

/// <summary>Removes a trailing stop sequence from a reply, as chat APIs do (transformers keeps it in the text).</summary>
internal static class StopSequences
{
    public static string TrimEnd(string text, IReadOnlyList<string> stops)
    {
        foreach (var stop in stops)
        {
            if (stop.Length > 0 && text.EndsWith(stop, StringComparison.Ordinal))
            {
                return text[..^stop.Length];
            }
        }

        return text;
    }
}

/// <summary>
/// In a stream, holds back the end of the text that could still turn out to be the start of a stop sequence, so the
/// stop sequence itself is never sent.
/// </summary>
internal sealed class StopSequenceHoldBack(IReadOnlyList<string> stops)
{
    private readonly int _keep = stops.Count == 0 ? 0 : stops.Max(s => s.Length);
    private string _pending = string.Empty;

    /// <summary>Adds text; returns what is safe to send now.</summary>
    public string Push(string text)
    {
        if (_keep == 0)
        {
            return text;
        }

        _pending += text;
        var safe = Math.Max(0, _pending.Length - _keep);
        var output = _pending[..safe];
        _pending = _pending[safe..];
        return output;
    }

    /// <summary>Adds the last text; returns the rest without a trailing stop sequence.</summary>
    public string Finish(string text)
    {
        var rest = StopSequences.TrimEnd(_pending + text, stops);
        _pending = string.Empty;
        return rest;
    }
}
