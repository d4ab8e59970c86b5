using System.Numerics.Tensors;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Reference;

/// <summary>
/// The decoder's forward pass written directly in C# over <see cref="DecoderWeights"/>, independent of the ONNX
/// graph: full sequence, no cache, the same masking rule (key j visible to query i when j ≤ i and the mask is 1;
/// masked scores replaced by the most negative finite value). Tests compare the ONNX logits with these.
/// </summary>
internal static class ReferenceDecoder
{
    /// <summary>Logits [batch, seq, vocab] for row-major ids, mask and positions, each [batch, seq].</summary>
    public static float[] Forward(DecoderWeights weights, long[] inputIds, long[] attentionMask, long[] positionIds, int batch, int seq)
    {
        var options = weights.Options;
        var logits = new float[batch * seq * options.VocabSize];
        for (var b = 0; b < batch; b++)
        {
            var row = new Range(b * seq, (b + 1) * seq);
            ForwardRow(weights, inputIds[row], attentionMask[row], positionIds[row])
                .CopyTo(logits.AsSpan(b * seq * options.VocabSize));
        }

        return logits;
    }

    private static float[] ForwardRow(DecoderWeights weights, long[] ids, long[] mask, long[] positions)
    {
        var options = weights.Options;
        int seq = ids.Length, hidden = options.HiddenSize;
        var x = new float[seq * hidden];
        for (var s = 0; s < seq; s++)
        {
            var target = x.AsSpan(s * hidden, hidden);
            weights.TokenEmbedding.AsSpan((int)ids[s] * hidden, hidden).CopyTo(target);
            if (weights.PositionEmbedding is not null)
            {
                TensorPrimitives.Add(target, weights.PositionEmbedding.AsSpan((int)positions[s] * hidden, hidden), target);
            }
        }

        var rotary = weights.PositionEmbedding is null ? RotaryTables.Create(options) : default;
        foreach (var layer in weights.Layers)
        {
            var attention = Attention(options, layer, Normalize(layer.AttentionNorm, options.NormEpsilon, x, seq), mask, positions, rotary);
            TensorPrimitives.Add(x, attention, x);
            var feedForward = FeedForward(layer, Normalize(layer.FeedForwardNorm, options.NormEpsilon, x, seq), seq);
            TensorPrimitives.Add(x, feedForward, x);
        }

        var final = Normalize(weights.FinalNorm, options.NormEpsilon, x, seq);
        if (weights.LmHead is not null)
        {
            return Project(final, seq, weights.LmHead);
        }

        var logits = new float[seq * options.VocabSize];
        for (var s = 0; s < seq; s++)
        {
            for (var v = 0; v < options.VocabSize; v++)
            {
                logits[(s * options.VocabSize) + v] = TensorPrimitives.Dot(final.AsSpan(s * hidden, hidden), weights.TokenEmbedding.AsSpan(v * hidden, hidden));
            }
        }

        return logits;
    }

    private static float[] Attention(TestModelOptions options, LayerWeights layer, float[] x, long[] mask, long[] positions, (float[] Cos, float[] Sin) rotary)
    {
        int seq = mask.Length, d = options.HeadDim, heads = options.NumHeads, group = heads / options.NumKeyValueHeads;
        var q = Project(x, seq, layer.Query);
        var k = Project(x, seq, layer.Key);
        var v = Project(x, seq, layer.Value);
        if (rotary.Cos is not null)
        {
            Rotate(q, heads, d, positions, rotary);
            Rotate(k, options.NumKeyValueHeads, d, positions, rotary);
        }

        var context = new float[seq * heads * d];
        var scores = new float[seq];
        var scale = 1f / MathF.Sqrt(d);
        var maskedScore = Activations.MaskedScore(options.Precision);
        for (var h = 0; h < heads; h++)
        {
            var kvHead = h / group;
            for (var i = 0; i < seq; i++)
            {
                var query = q.AsSpan(((i * heads) + h) * d, d);
                for (var j = 0; j < seq; j++)
                {
                    var visible = j <= i && mask[j] != 0;
                    scores[j] = visible ? TensorPrimitives.Dot(query, k.AsSpan(((j * options.NumKeyValueHeads) + kvHead) * d, d)) * scale : maskedScore;
                }

                SoftMax(scores);
                var output = context.AsSpan(((i * heads) + h) * d, d);
                for (var j = 0; j < seq; j++)
                {
                    TensorPrimitives.MultiplyAdd(v.AsSpan(((j * options.NumKeyValueHeads) + kvHead) * d, d), scores[j], output, output);
                }
            }
        }

        return Project(context, seq, layer.Output);
    }

    /// <summary>Softmax with the maximum subtracted first, so a row whose keys are all masked becomes uniform, as in ONNX Softmax.</summary>
    private static void SoftMax(Span<float> scores)
    {
        TensorPrimitives.Subtract(scores, TensorPrimitives.Max(scores), scores);
        TensorPrimitives.Exp(scores, scores);
        TensorPrimitives.Divide(scores, TensorPrimitives.Sum(scores), scores);
    }

    private static void Rotate(float[] projected, int heads, int d, long[] positions, (float[] Cos, float[] Sin) rotary)
    {
        var half = d / 2;
        var rotated = new float[d];
        for (var s = 0; s < positions.Length; s++)
        {
            var cos = rotary.Cos.AsSpan((int)positions[s] * d, d);
            var sin = rotary.Sin.AsSpan((int)positions[s] * d, d);
            for (var h = 0; h < heads; h++)
            {
                var head = projected.AsSpan(((s * heads) + h) * d, d);
                for (var i = 0; i < d; i++)
                {
                    var partner = i < half ? -head[i + half] : head[i - half];
                    rotated[i] = (head[i] * cos[i]) + (partner * sin[i]);
                }

                rotated.CopyTo(head);
            }
        }
    }

    private static float[] FeedForward(LayerWeights layer, float[] x, int seq)
    {
        var up = Project(x, seq, layer.Up);
        if (layer.Gate is not null)
        {
            var gate = Project(x, seq, layer.Gate);
            for (var i = 0; i < up.Length; i++)
            {
                up[i] *= gate[i] / (1f + MathF.Exp(-gate[i]));
            }
        }
        else
        {
            for (var i = 0; i < up.Length; i++)
            {
                var u = up[i];
                up[i] = 0.5f * u * (1f + MathF.Tanh(Activations.GeluTanhScale * (u + (Activations.GeluCubicCoefficient * u * u * u))));
            }
        }

        return Project(up, seq, layer.Down);
    }

    private static float[] Normalize(Norm norm, float epsilon, float[] x, int seq)
    {
        var width = norm.Scale.Length;
        var result = new float[x.Length];
        for (var s = 0; s < seq; s++)
        {
            var input = x.AsSpan(s * width, width);
            var output = result.AsSpan(s * width, width);
            if (norm.Bias is null)
            {
                var rms = MathF.Sqrt((TensorPrimitives.SumOfSquares(input) / width) + epsilon);
                TensorPrimitives.Divide(input, rms, output);
                TensorPrimitives.Multiply(output, norm.Scale, output);
            }
            else
            {
                var mean = TensorPrimitives.Sum(input) / width;
                TensorPrimitives.Subtract(input, mean, output);
                var std = MathF.Sqrt((TensorPrimitives.SumOfSquares(output) / width) + epsilon);
                TensorPrimitives.Divide(output, std, output);
                TensorPrimitives.FusedMultiplyAdd(output, norm.Scale, norm.Bias, output);
            }
        }

        return result;
    }

    private static float[] Project(float[] x, int rows, Linear linear)
    {
        var result = new float[rows * linear.Out];
        for (var r = 0; r < rows; r++)
        {
            var output = result.AsSpan(r * linear.Out, linear.Out);
            linear.Bias?.CopyTo(output);
            for (var i = 0; i < linear.In; i++)
            {
                TensorPrimitives.MultiplyAdd(linear.Weight.AsSpan(i * linear.Out, linear.Out), x[(r * linear.In) + i], output, output);
            }
        }

        return result;
    }
}
