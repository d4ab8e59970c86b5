using System.Buffers;
using System.Numerics.Tensors;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>Vectorised softmax-family helpers over one row of scores.</summary>
internal static class ScoreMath
{
    /// <summary>Entropy −Σ p·log p of a row of log-probabilities; NaN terms (0·−∞) count as zero, as torch's nansum.</summary>
    public static double Entropy(ReadOnlySpan<float> logProbabilities)
    {
        double entropy = 0;
        foreach (var logP in logProbabilities)
        {
            var product = logP * MathF.Exp(logP);
            if (!float.IsNaN(product))
            {
                entropy -= product;
            }
        }

        return entropy;
    }

    /// <summary>log_softmax in place: x - max - log(sum(exp(x - max))).</summary>
    public static void LogSoftmaxInPlace(Span<float> scores)
    {
        var max = TensorPrimitives.Max(scores);
        if (float.IsNegativeInfinity(max))
        {
            return;
        }

        TensorPrimitives.Subtract(scores, max, scores);
        var rented = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var exp = rented.AsSpan(0, scores.Length);
            TensorPrimitives.Exp(scores, exp);
            TensorPrimitives.Subtract(scores, MathF.Log(TensorPrimitives.Sum(exp)), scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Softmax of <paramref name="scores"/> into <paramref name="probabilities"/> (same length).</summary>
    public static void Softmax(ReadOnlySpan<float> scores, Span<float> probabilities)
    {
        var max = TensorPrimitives.Max(scores);
        TensorPrimitives.Subtract(scores, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        var sum = TensorPrimitives.Sum(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }

    /// <summary>The log-probability of one entry: scores[index] - logsumexp(scores).</summary>
    public static float LogProbability(ReadOnlySpan<float> scores, int index)
    {
        var max = TensorPrimitives.Max(scores);
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        double sum = 0;
        foreach (var s in scores)
        {
            sum += Math.Exp(s - max);
        }

        return (float)(scores[index] - max - Math.Log(sum));
    }

    /// <summary>The index of the first maximal score (torch.argmax's choice on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var index = TensorPrimitives.IndexOfMax(scores);
        // IndexOfMax prefers NaN; otherwise it returns the first maximum.
        return index;
    }

    /// <summary>The k-th largest value (1-based k) of <paramref name="scores"/>, using <paramref name="scratch"/> of the same length.</summary>
    public static float KthLargest(ReadOnlySpan<float> scores, int k, Span<float> scratch)
    {
        if (k <= SmallK)
        {
            // Keep the k largest seen, descending; most values fail the first comparison (O(vocab) for small k).
            var top = scratch[..k];
            var count = 0;
            foreach (var value in scores)
            {
                if (count == k && !(value > top[k - 1]))
                {
                    continue;
                }

                var position = count < k ? count++ : k - 1;
                while (position > 0 && value > top[position - 1])
                {
                    top[position] = top[position - 1];
                    position--;
                }

                top[position] = value;
            }

            return top[k - 1];
        }

        scores.CopyTo(scratch);
        scratch.Sort();
        return scratch[scratch.Length - k];
    }

    private const int SmallK = 256;

    /// <summary>Sorts the indices of <paramref name="keys"/> ascending by key: <paramref name="sortedKeys"/> and <paramref name="indices"/> receive the result.</summary>
    public static void SortAscending(ReadOnlySpan<float> keys, Span<float> sortedKeys, Span<int> indices)
    {
        keys.CopyTo(sortedKeys);
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        sortedKeys.Sort(indices);
    }
}
