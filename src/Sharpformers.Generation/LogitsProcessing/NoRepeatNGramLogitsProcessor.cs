namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>NoRepeatNGramLogitsProcessor</c>: a token that would complete an n-gram already present in the
/// sequence (prompt and padding included) gets −∞.
/// </summary>
public sealed class NoRepeatNGramLogitsProcessor : ILogitsProcessor
{
    private readonly int _size;

    /// <summary>Creates the processor.</summary>
    /// <param name="ngramSize">The n-gram size (<c>no_repeat_ngram_size</c>), at least 1.</param>
    public NoRepeatNGramLogitsProcessor(int ngramSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ngramSize, 1, nameof(ngramSize));
        _size = ngramSize;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var length = sequence.Length;
        if (length + 1 < _size)
        {
            return;
        }

        var prefix = sequence[(length - _size + 1)..];
        for (var start = 0; start + _size <= length; start++)
        {
            if (sequence.Slice(start, _size - 1).SequenceEqual(prefix))
            {
                var banned = sequence[start + _size - 1];
                if ((ulong)banned < (ulong)scores.Length)
                {
                    scores[(int)banned] = float.NegativeInfinity;
                }
            }
        }
    }
}
