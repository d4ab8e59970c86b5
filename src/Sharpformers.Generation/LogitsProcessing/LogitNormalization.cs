namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>LogitNormalization</c> (<c>renormalize_logits</c>): log-softmax over the vocabulary.</summary>
public sealed class LogitNormalization : ILogitsProcessor
{
    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => ScoreMath.LogSoftmaxInPlace(scores);
}
