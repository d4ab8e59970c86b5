namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>ForcedBOSTokenLogitsProcessor</c>: when the sequence holds one token, only the forced id remains (score 0, the rest −∞).</summary>
public sealed class ForcedBosTokenLogitsProcessor : ILogitsProcessor
{
    private readonly int _bos;

    /// <summary>Creates the processor.</summary>
    /// <param name="bosTokenId">The id to force (<c>forced_bos_token_id</c>).</param>
    public ForcedBosTokenLogitsProcessor(int bosTokenId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bosTokenId, nameof(bosTokenId));
        _bos = bosTokenId;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        if (sequence.Length == 1)
        {
            scores.Fill(float.NegativeInfinity);
            TokenSet.Set(scores, [_bos], 0f);
        }
    }
}
