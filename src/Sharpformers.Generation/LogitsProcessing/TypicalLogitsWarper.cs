using System.Buffers;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>TypicalLogitsWarper</c>: tokens are ranked by how far their surprisal is from the entropy; the
/// smallest prefix reaching the mass <c>typical_p</c> is kept (at least <c>min_tokens_to_keep</c>), the rest become −∞.
/// </summary>
public sealed class TypicalLogitsWarper : ILogitsProcessor
{
    private readonly float _mass;
    private readonly int _minTokensToKeep;

    /// <summary>Creates the warper.</summary>
    /// <param name="mass">The mass (<c>typical_p</c>), strictly between 0 and 1.</param>
    /// <param name="minTokensToKeep">The least number of tokens kept, at least 1.</param>
    public TypicalLogitsWarper(float mass, int minTokensToKeep = 1)
    {
        if (!(mass > 0 && mass < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(mass), mass, "typical_p must be a number strictly between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minTokensToKeep, 1, nameof(minTokensToKeep));
        _mass = mass;
        _minTokensToKeep = minTokensToKeep;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var n = scores.Length;
        var rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var shifted = rented.AsSpan(0, n);
            scores.CopyTo(shifted);
            ScoreMath.LogSoftmaxInPlace(shifted);
            var entropy = ScoreMath.Entropy(shifted);

            for (var i = 0; i < n; i++)
            {
                shifted[i] = MathF.Abs(-shifted[i] - (float)entropy);
            }

            using var sorted = new SortedScores(shifted);
            var sortedLogits = sorted.Work;
            for (var i = 0; i < n; i++)
            {
                sortedLogits[i] = scores[sorted.Indices[i]];
            }

            ScoreMath.Softmax(sortedLogits, sortedLogits);
            var lastIndex = 0;
            float cumulative = 0;
            for (var i = 0; i < n; i++)
            {
                cumulative += sortedLogits[i];
                if (cumulative < _mass)
                {
                    lastIndex++;
                }
            }

            lastIndex = Math.Min(lastIndex, n - 1);
            var limit = sorted.Keys[lastIndex];
            for (var i = _minTokensToKeep; i < n; i++)
            {
                if (sorted.Keys[i] > limit)
                {
                    scores[sorted.Indices[i]] = float.NegativeInfinity;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
