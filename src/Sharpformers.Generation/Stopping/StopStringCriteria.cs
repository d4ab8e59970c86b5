using Sharpformers.Generation.Streaming;

namespace Sharpformers.Generation.Stopping;

/// <summary>
/// transformers' <c>StopStringCriteria</c>: done when the text spelled by the last tokens contains a stop string that
/// ends inside the final token (the final token may run past the stop string's end).
/// </summary>
public sealed class StopStringCriteria : IStoppingCriteria
{
    private readonly string[] _stops;
    private readonly string?[] _tokenTexts;
    private readonly IGenerationTokenizer _tokenizer;
    private readonly int _longest;

    /// <summary>Creates the criterion.</summary>
    /// <param name="stopStrings">The stop strings, each non-empty.</param>
    /// <param name="tokenizer">Gives the text of each token.</param>
    /// <param name="vocabSize">The vocabulary size (texts are cached per id below it).</param>
    public StopStringCriteria(IReadOnlyList<string> stopStrings, IGenerationTokenizer tokenizer, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(stopStrings);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (stopStrings.Count == 0)
        {
            throw new ArgumentException("stop_strings must not be empty", nameof(stopStrings));
        }

        _stops = [.. stopStrings];
        foreach (var stop in _stops)
        {
            if (string.IsNullOrEmpty(stop))
            {
                throw new ArgumentException("stop_strings must not contain an empty string", nameof(stopStrings));
            }

            _longest = Math.Max(_longest, stop.Length);
        }

        _tokenizer = tokenizer;
        _tokenTexts = new string?[Math.Max(vocabSize, 0)];
    }

    /// <inheritdoc />
    public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores)
    {
        if (sequence.Length == 0)
        {
            return false;
        }

        var last = TextOf(sequence[^1]);
        if (last.Length == 0)
        {
            return false;
        }

        // Gather, right to left, just enough text for the longest stop string ending inside the last token.
        var needed = _longest + last.Length;
        Span<char> buffer = stackalloc char[Math.Min(needed + 64, 4096)];
        var start = buffer.Length;
        for (var i = sequence.Length - 1; i >= 0 && buffer.Length - start < needed; i--)
        {
            var text = TextOf(sequence[i]);
            var take = Math.Min(text.Length, start);
            text.AsSpan(text.Length - take).CopyTo(buffer[(start - take)..]);
            start -= take;
            if (take < text.Length)
            {
                break;
            }
        }

        var tail = buffer[start..];
        var lastStart = tail.Length - last.Length;
        foreach (var stop in _stops)
        {
            // A match must end after the last token's first character, at most at the end of the text.
            for (var end = Math.Max(lastStart + 1, stop.Length); end <= tail.Length; end++)
            {
                if (tail.Slice(end - stop.Length, stop.Length).SequenceEqual(stop))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private string TextOf(long id)
    {
        if ((ulong)id >= (ulong)_tokenTexts.Length)
        {
            return (ulong)id <= int.MaxValue ? _tokenizer.GetTokenText((int)id) : string.Empty;
        }

        return _tokenTexts[id] ??= _tokenizer.GetTokenText((int)id);
    }
}
