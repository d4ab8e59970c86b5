namespace Sharpformers.Testing.Models;

/// <summary>
/// Draws the weights of a decoder from a seeded generator. Scales keep activations of order one through any depth
/// (matrices ~ N(0, 1/fan_in), norm scales near 1, small biases), so logits differ visibly between tokens and a
/// wrong graph cannot hide inside a tolerance.
/// </summary>
internal sealed class WeightSampler
{
    private readonly Random random;
    private readonly bool roundToHalf;

    private WeightSampler(int seed, TensorPrecision precision)
    {
        random = new Random(seed);
        roundToHalf = precision == TensorPrecision.Float16;
    }

    /// <summary>Draws all weights for <paramref name="options"/> (validated first).</summary>
    /// <param name="options">The model shape.</param>
    /// <returns>The weights.</returns>
    public static DecoderWeights Sample(TestModelOptions options)
    {
        options.Validate();
        var sampler = new WeightSampler(options.Seed, options.Precision);
        var gpt2 = options.Family == ModelFamily.Gpt2;
        int hidden = options.HiddenSize, attention = options.NumHeads * options.HeadDim;
        int kv = options.NumKeyValueHeads * options.HeadDim, inner = options.ResolvedIntermediateSize;

        var tokenEmbedding = sampler.Normal(options.VocabSize * hidden, 1.0);
        var positionEmbedding = gpt2 ? sampler.Normal(options.MaxPositions * hidden, 0.5) : null;
        var layers = new LayerWeights[options.NumLayers];
        for (var i = 0; i < layers.Length; i++)
        {
            var p = $"layers.{i}.";
            layers[i] = new LayerWeights(
                sampler.Norm(p + "attention_norm", hidden, gpt2),
                sampler.Linear(p + "q_proj", hidden, attention, gpt2),
                sampler.Linear(p + "k_proj", hidden, kv, gpt2),
                sampler.Linear(p + "v_proj", hidden, kv, gpt2),
                sampler.Linear(p + "o_proj", attention, hidden, gpt2),
                sampler.Norm(p + "feed_forward_norm", hidden, gpt2),
                gpt2 ? null : sampler.Linear(p + "gate_proj", hidden, inner, bias: false),
                sampler.Linear(p + "up_proj", hidden, inner, gpt2),
                sampler.Linear(p + "down_proj", inner, hidden, gpt2));
        }

        var finalNorm = sampler.Norm("final_norm", hidden, gpt2);
        var head = gpt2 ? null : sampler.Linear("lm_head", hidden, options.VocabSize, bias: false);
        return new DecoderWeights(options, tokenEmbedding, positionEmbedding, layers, finalNorm, head);
    }

    private Linear Linear(string name, int fanIn, int fanOut, bool bias) =>
        new(name, fanIn, fanOut, Normal(fanIn * fanOut, 1.0 / Math.Sqrt(fanIn)), bias ? Normal(fanOut, 0.1) : null);

    private Norm Norm(string name, int width, bool bias)
    {
        var scale = Normal(width, 0.1);
        for (var i = 0; i < scale.Length; i++)
        {
            scale[i] = Round(1f + scale[i]);
        }

        return new Norm(name, scale, bias ? Normal(width, 0.1) : null);
    }

    private float[] Normal(int count, double std)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller on the seeded generator: portable and reproducible.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = Round((float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2)));
        }

        return values;
    }

    private float Round(float value) => roundToHalf ? (float)(Half)value : value;
}
