using System.Buffers;
using Sharpformers.Generation.LogitsProcessing;

namespace Sharpformers.Generation.Search;

/// <summary>Draws one token from softmax(scores), as <c>torch.multinomial(probs, 1)</c>, from a seedable random source.</summary>
internal static class MultinomialSampler
{
    public static int Sample(ReadOnlySpan<float> scores, Random random)
    {
        var rented = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var probabilities = rented.AsSpan(0, scores.Length);
            ScoreMath.Softmax(scores, probabilities);
            double total = 0;
            foreach (var p in probabilities)
            {
                total += p;
            }

            var target = random.NextDouble() * total;
            double cumulative = 0;
            var lastPositive = -1;
            for (var i = 0; i < probabilities.Length; i++)
            {
                if (probabilities[i] <= 0)
                {
                    continue;
                }

                lastPositive = i;
                cumulative += probabilities[i];
                if (target < cumulative)
                {
                    return i;
                }
            }

            return lastPositive >= 0 ? lastPositive : ScoreMath.ArgMax(scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
