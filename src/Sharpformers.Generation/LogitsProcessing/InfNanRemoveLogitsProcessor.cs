namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>InfNanRemoveLogitsProcessor</c>: NaN becomes 0, +∞ the largest finite float, −∞ the smallest.</summary>
public sealed class InfNanRemoveLogitsProcessor : ILogitsProcessor
{
    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (float.IsNaN(s))
            {
                scores[i] = 0f;
            }
            else if (float.IsPositiveInfinity(s))
            {
                scores[i] = float.MaxValue;
            }
            else if (float.IsNegativeInfinity(s))
            {
                scores[i] = float.MinValue;
            }
        }
    }
}
