namespace Sharpformers.Pipelines;

/// <summary>The score functions of transformers' pipelines, in float32 as numpy computes them there.</summary>
internal static class ScoreFunctions
{
    /// <summary><c>exp(x - max) / sum</c> over <paramref name="logits"/> into <paramref name="destination"/>.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        var max = float.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }

        var sum = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = MathF.Exp(logits[i] - max);
            sum += destination[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] /= sum;
        }
    }

    /// <summary><c>1 / (1 + exp(-x))</c>, element-wise.</summary>
    public static void Sigmoid(ReadOnlySpan<float> logits, Span<float> destination)
    {
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = 1f / (1f + MathF.Exp(-logits[i]));
        }
    }

    /// <summary>The index of the largest value (the first on ties, as numpy's <c>argmax</c>).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
