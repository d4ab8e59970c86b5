using System.Buffers;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>The shared step of the epsilon and eta warpers: drop tokens below a probability cutoff, keep the top few.</summary>
internal static class ProbabilityCutoff
{
    /// <summary>Applies the cutoff computed from the row's entropy.</summary>
    public static void Apply(Span<float> scores, Func<float, float> cutoffFromEntropy, int minTokensToKeep)
    {
        var n = scores.Length;
        var rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var work = rented.AsSpan(0, n);
            scores.CopyTo(work);
            ScoreMath.LogSoftmaxInPlace(work);
            var entropy = ScoreMath.Entropy(work);

            var cutoff = cutoffFromEntropy((float)entropy);
            var protectedAbove = ScoreMath.KthLargest(scores, Math.Min(minTokensToKeep, n), work);
            ScoreMath.Softmax(scores, work);
            for (var i = 0; i < n; i++)
            {
                if (work[i] < cutoff && scores[i] < protectedAbove)
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
