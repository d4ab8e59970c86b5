namespace Sharpformers.Testing.Models;

/// <summary>
/// The shape of a generated decoder. Defaults make a tiny Llama-style model in the Optimum layout; every size is
/// checked by <see cref="Validate"/> before anything is built.
/// </summary>
public sealed record TestModelOptions
{
    /// <summary>The architecture family.</summary>
    public ModelFamily Family { get; init; } = ModelFamily.Llama;

    /// <summary>Number of decoder layers (<c>num_hidden_layers</c> / <c>n_layer</c>).</summary>
    public int NumLayers { get; init; } = 2;

    /// <summary>Width of the residual stream (<c>hidden_size</c> / <c>n_embd</c>).</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Number of query heads (<c>num_attention_heads</c> / <c>n_head</c>).</summary>
    public int NumHeads { get; init; } = 4;

    /// <summary>Number of key/value heads (<c>num_key_value_heads</c>); must divide <see cref="NumHeads"/>; GPT-2 requires it equal.</summary>
    public int NumKeyValueHeads { get; init; } = 2;

    /// <summary>Vocabulary size of the model; the generated tokenizer uses at most this many ids.</summary>
    public int VocabSize { get; init; } = 384;

    /// <summary>Maximum positions (<c>max_position_embeddings</c> / <c>n_positions</c>), also genai's <c>context_length</c>.</summary>
    public int MaxPositions { get; init; } = 128;

    /// <summary>Feed-forward width; <see langword="null"/> picks 4·hidden (GPT-2) or 8/3·hidden rounded up to a multiple of 8 (Llama).</summary>
    public int? IntermediateSize { get; init; }

    /// <summary>The floating-point type of weights, logits and cache.</summary>
    public TensorPrecision Precision { get; init; } = TensorPrecision.Float32;

    /// <summary>The ONNX file layout.</summary>
    public ExportLayout Layout { get; init; } = ExportLayout.Optimum;

    /// <summary>Seed of the weight generator: the same options give the same bytes.</summary>
    public int Seed { get; init; }

    /// <summary>Epsilon of RMSNorm (Llama) or LayerNorm (GPT-2).</summary>
    public float NormEpsilon { get; init; } = 1e-5f;

    /// <summary>Base of the rotary frequencies (<c>rope_theta</c>, Llama only).</summary>
    public float RopeTheta { get; init; } = 10000f;

    /// <summary>Size of one attention head: hidden size / heads.</summary>
    public int HeadDim => HiddenSize / NumHeads;

    /// <summary>The feed-forward width actually used.</summary>
    public int ResolvedIntermediateSize => IntermediateSize ?? (Family == ModelFamily.Gpt2
        ? 4 * HiddenSize
        : (((8 * HiddenSize) + 23) / 24) * 8);

    /// <summary>Number of learned parameters these options give (a tied head counted once, rotary tables not counted).</summary>
    public long ParameterCount
    {
        get
        {
            long h = HiddenSize, v = VocabSize, i = ResolvedIntermediateSize, kv = (long)NumKeyValueHeads * HeadDim, a = (long)NumHeads * HeadDim;
            return Family == ModelFamily.Gpt2
                ? (v * h) + ((long)MaxPositions * h) + (2 * h) + (NumLayers * ((2 * h * a) + a + h + (2 * (h * kv + kv)) + (4 * h) + (2 * h * i) + i + h))
                : (2 * v * h) + h + (NumLayers * ((2 * h * a) + (2 * h * kv) + (2 * h) + (3 * h * i)));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter that cannot make a valid model.</summary>
    public void Validate()
    {
        Require(NumLayers >= 1, nameof(NumLayers), $"must be at least 1, got {NumLayers}");
        Require(NumHeads >= 1, nameof(NumHeads), $"must be at least 1, got {NumHeads}");
        Require(HiddenSize >= 1 && HiddenSize % NumHeads == 0, nameof(HiddenSize), $"must be a positive multiple of the {NumHeads} heads, got {HiddenSize}");
        Require(NumKeyValueHeads >= 1 && NumHeads % NumKeyValueHeads == 0, nameof(NumKeyValueHeads), $"must divide the {NumHeads} heads, got {NumKeyValueHeads}");
        Require(Family != ModelFamily.Gpt2 || NumKeyValueHeads == NumHeads, nameof(NumKeyValueHeads), $"must equal the {NumHeads} heads for GPT-2, got {NumKeyValueHeads}");
        Require(Family != ModelFamily.Llama || HeadDim % 2 == 0, nameof(HiddenSize), $"must give an even head size for rotary embeddings, got head size {HeadDim}");
        var minimumVocab = ModelVocabulary.MinimumSize(Family);
        Require(VocabSize >= minimumVocab, nameof(VocabSize), $"must be at least {minimumVocab} (256 byte tokens and the special tokens), got {VocabSize}");
        Require(MaxPositions >= 1, nameof(MaxPositions), $"must be at least 1, got {MaxPositions}");
        Require(ResolvedIntermediateSize >= 1, nameof(IntermediateSize), $"must be at least 1, got {ResolvedIntermediateSize}");
        Require(NormEpsilon > 0, nameof(NormEpsilon), $"must be positive, got {NormEpsilon}");
        var bytes = ParameterCount * (Precision == TensorPrecision.Float16 ? 2 : 4);
        Require(bytes < MaxWeightBytes, nameof(HiddenSize), $"gives {ParameterCount} parameters ({bytes} bytes), more than one ONNX protobuf can hold ({MaxWeightBytes} bytes; external data is not written)");
    }

    /// <summary>Weights are stored inside the .onnx protobuf, which cannot exceed 2 GiB; this leaves room for the graph.</summary>
    private const long MaxWeightBytes = 2_000_000_000;

    private static void Require(bool condition, string parameter, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{parameter} {message}.", parameter);
        }
    }
}
