namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>MinLengthLogitsProcessor</c>: while the whole sequence (prompt and padding included) is shorter than <c>min_length</c>, every eos id gets −∞.</summary>
public sealed class MinLengthLogitsProcessor : ILogitsProcessor
{
    private readonly int _minLength;
    private readonly int[] _eos;

    /// <summary>Creates the processor.</summary>
    /// <param name="minLength">The minimum total length.</param>
    /// <param name="eosTokenIds">The end-of-sequence ids.</param>
    public MinLengthLogitsProcessor(int minLength, IReadOnlyList<int> eosTokenIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength, nameof(minLength));
        _minLength = minLength;
        _eos = TokenSet.Copy(eosTokenIds, nameof(eosTokenIds));
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        if (sequence.Length < _minLength)
        {
            TokenSet.Set(scores, _eos, float.NegativeInfinity);
        }
    }
}
