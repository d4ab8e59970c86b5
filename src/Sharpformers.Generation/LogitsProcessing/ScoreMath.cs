using System.Numerics.Tensors;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>Vectorised softmax-family helpers over one row of scores.</summary>
internal static class ScoreMath
{
    /// <summary>log_softmax in place: x - max - log(sum(exp(x - max))).</summary>
    public static void LogSoftmaxInPlace(Span<float> scores)
    {
        var max = TensorPrimitives.Max(scores);
        if (float.IsNegativeInfinity(max))
        {
            return;
        }

        TensorPrimitives.Subtract(scores, max, scores);
        var sum = SumOfExp(scores);
        TensorPrimitives.Subtract(scores, MathF.Log(sum), scores);
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
        scores.CopyTo(scratch);
        scratch.Sort();
        return scratch[scratch.Length - k];
    }

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

    private static float SumOfExp(Span<float> shifted)
    {
        // exp of the already shifted values, summed without a temporary buffer.
        double sum = 0;
        foreach (var s in shifted)
        {
            sum += MathF.Exp(s);
        }

        return (float)sum;
    }
}
