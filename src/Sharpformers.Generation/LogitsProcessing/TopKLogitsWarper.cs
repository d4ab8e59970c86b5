using System.Buffers;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>TopKLogitsWarper</c>: scores strictly below the k-th largest become −∞ (ties at the threshold stay).</summary>
public sealed class TopKLogitsWarper : ILogitsProcessor
{
    private readonly int _topK;

    /// <summary>Creates the warper.</summary>
    /// <param name="topK">k (<c>top_k</c>), at least 1.</param>
    /// <param name="minTokensToKeep">The least number of tokens kept (k is raised to it).</param>
    public TopKLogitsWarper(int topK, int minTokensToKeep = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1, nameof(topK));
        _topK = Math.Max(topK, minTokensToKeep);
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var k = Math.Min(_topK, scores.Length);
        if (k == scores.Length)
        {
            return;
        }

        var scratch = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var threshold = ScoreMath.KthLargest(scores, k, scratch.AsSpan(0, scores.Length));
            for (var i = 0; i < scores.Length; i++)
            {
                if (scores[i] < threshold)
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
