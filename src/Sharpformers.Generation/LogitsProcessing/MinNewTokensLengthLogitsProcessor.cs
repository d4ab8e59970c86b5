namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>MinNewTokensLengthLogitsProcessor</c>: while fewer than <c>min_new_tokens</c> tokens follow the (padded) prompt, every eos id gets −∞.</summary>
public sealed class MinNewTokensLengthLogitsProcessor : ILogitsProcessor
{
    private readonly int _promptLength;
    private readonly int _minNewTokens;
    private readonly int[] _eos;

    /// <summary>Creates the processor.</summary>
    /// <param name="promptLength">The padded prompt width.</param>
    /// <param name="minNewTokens">The minimum number of new tokens.</param>
    /// <param name="eosTokenIds">The end-of-sequence ids.</param>
    public MinNewTokensLengthLogitsProcessor(int promptLength, int minNewTokens, IReadOnlyList<int> eosTokenIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptLength, nameof(promptLength));
        ArgumentOutOfRangeException.ThrowIfNegative(minNewTokens, nameof(minNewTokens));
        _promptLength = promptLength;
        _minNewTokens = minNewTokens;
        _eos = TokenSet.Copy(eosTokenIds, nameof(eosTokenIds));
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        if (sequence.Length - _promptLength < _minNewTokens)
        {
            TokenSet.Set(scores, _eos, float.NegativeInfinity);
        }
    }
}
