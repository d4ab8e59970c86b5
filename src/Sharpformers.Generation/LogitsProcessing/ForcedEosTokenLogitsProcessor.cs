namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>ForcedEOSTokenLogitsProcessor</c>: at the last position before <c>max_length</c>, only the eos ids remain (score 0, the rest −∞).</summary>
public sealed class ForcedEosTokenLogitsProcessor : ILogitsProcessor
{
    private readonly int _maxLength;
    private readonly int[] _eos;

    /// <summary>Creates the processor.</summary>
    /// <param name="maxLength">The resolved total maximum length.</param>
    /// <param name="eosTokenIds">The ids to force (<c>forced_eos_token_id</c>).</param>
    public ForcedEosTokenLogitsProcessor(int maxLength, IReadOnlyList<int> eosTokenIds)
    {
        _maxLength = maxLength;
        _eos = TokenSet.Copy(eosTokenIds, nameof(eosTokenIds));
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        if (sequence.Length == _maxLength - 1)
        {
            scores.Fill(float.NegativeInfinity);
            TokenSet.Set(scores, _eos, 0f);
        }
    }
}
