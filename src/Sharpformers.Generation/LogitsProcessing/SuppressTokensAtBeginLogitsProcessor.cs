namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>SuppressTokensAtBeginLogitsProcessor</c>: the listed ids get −∞ when the sequence length equals the begin index (the first generated position).</summary>
public sealed class SuppressTokensAtBeginLogitsProcessor : ILogitsProcessor
{
    private readonly int[] _ids;
    private readonly int _beginIndex;

    /// <summary>Creates the processor.</summary>
    /// <param name="beginSuppressTokens">The ids (<c>begin_suppress_tokens</c>).</param>
    /// <param name="beginIndex">The sequence length at which they are suppressed (the padded prompt width, plus one after a forced BOS).</param>
    public SuppressTokensAtBeginLogitsProcessor(IReadOnlyList<int> beginSuppressTokens, int beginIndex)
    {
        _ids = TokenSet.Copy(beginSuppressTokens, nameof(beginSuppressTokens));
        _beginIndex = beginIndex;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        if (sequence.Length == _beginIndex)
        {
            TokenSet.Set(scores, _ids, float.NegativeInfinity);
        }
    }
}
