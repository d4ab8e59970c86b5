using System.Numerics.Tensors;

namespace Sharpformers.Pipelines;

/// <summary>sentence-transformers' pooling of token vectors into one sentence vector, and its L2 normalisation, over spans.</summary>
internal static class Pooling
{
    /// <summary>The length of the pooled vector for <paramref name="modes"/> over vectors of <paramref name="hidden"/> values.</summary>
    public static int Dimension(PoolingModes modes, int hidden) => System.Numerics.BitOperations.PopCount((uint)modes) * hidden;

    /// <summary>
    /// Pools one row: <paramref name="tokens"/> is <c>[sequence × hidden]</c>, <paramref name="mask"/> its attention mask; the first
    /// <paramref name="skip"/> positions are left out (a prompt when <c>include_prompt</c> is false). Writes <see cref="Dimension"/> values.
    /// </summary>
    public static void Pool(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask, int hidden, PoolingModes modes, int skip, Span<float> destination)
    {
        var length = mask.Length;
        var offset = 0;
        if ((modes & PoolingModes.Cls) != 0)
        {
            tokens[..hidden].CopyTo(destination.Slice(offset, hidden));
            offset += hidden;
        }

        if ((modes & PoolingModes.Max) != 0)
        {
            var target = destination.Slice(offset, hidden);
            target.Fill(float.NegativeInfinity);
            var any = false;
            for (var t = skip; t < length; t++)
            {
                if (mask[t] != 0)
                {
                    TensorPrimitives.Max(target, tokens.Slice(t * hidden, hidden), target);
                    any = true;
                }
            }

            if (!any || skip > 0)
            {
                // sentence-transformers sets masked positions to -1e9 before the maximum, so they count as -1e9.
                for (var t = 0; t < length; t++)
                {
                    if (mask[t] == 0 || t < skip)
                    {
                        TensorPrimitives.Max(target, -1e9f, target);
                        break;
                    }
                }
            }

            offset += hidden;
        }

        var needsSum = (modes & (PoolingModes.Mean | PoolingModes.MeanSqrtLength)) != 0;
        if (needsSum)
        {
            Span<float> sum = hidden <= 4096 ? stackalloc float[hidden] : new float[hidden];
            sum.Clear();
            var count = 0f;
            for (var t = skip; t < length; t++)
            {
                if (mask[t] != 0)
                {
                    TensorPrimitives.Add(sum, tokens.Slice(t * hidden, hidden), sum);
                    count++;
                }
            }

            if ((modes & PoolingModes.Mean) != 0)
            {
                TensorPrimitives.Divide(sum, Math.Max(count, 1e-9f), destination.Slice(offset, hidden));
                offset += hidden;
            }

            if ((modes & PoolingModes.MeanSqrtLength) != 0)
            {
                TensorPrimitives.Divide(sum, MathF.Sqrt(Math.Max(count, 1e-9f)), destination.Slice(offset, hidden));
                offset += hidden;
            }
        }

        if ((modes & PoolingModes.WeightedMean) != 0)
        {
            var target = destination.Slice(offset, hidden);
            target.Clear();
            var total = 0f;
            for (var t = skip; t < length; t++)
            {
                if (mask[t] != 0)
                {
                    TensorPrimitives.MultiplyAdd(tokens.Slice(t * hidden, hidden), t + 1f, target, target);
                    total += t + 1f;
                }
            }

            TensorPrimitives.Divide(target, Math.Max(total, 1e-9f), target);
            offset += hidden;
        }

        if ((modes & PoolingModes.LastToken) != 0)
        {
            var last = 0;
            for (var t = length - 1; t >= 0; t--)
            {
                if (mask[t] != 0)
                {
                    last = t;
                    break;
                }
            }

            tokens.Slice(last * hidden, hidden).CopyTo(destination.Slice(offset, hidden));
        }
    }

    /// <summary>Scales <paramref name="vector"/> to unit length (torch's <c>F.normalize</c>: divided by max(‖v‖, 1e-12)).</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, Math.Max(norm, 1e-12f), vector);
    }
}
