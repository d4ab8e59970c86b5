namespace Sharpformers.Testing.Layouts;

/// <summary>Input/output names and symbolic dimensions of the exported decoders (Optimum/transformers.js and onnxruntime-genai conventions).</summary>
internal static class IoNames
{
    /// <summary>Token ids.</summary>
    public const string InputIds = "input_ids";

    /// <summary>Attention mask over past and current tokens.</summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>Positions of the current tokens.</summary>
    public const string PositionIds = "position_ids";

    /// <summary>The merged decoder's branch switch.</summary>
    public const string UseCacheBranch = "use_cache_branch";

    /// <summary>Logits output.</summary>
    public const string Logits = "logits";

    /// <summary>Symbolic batch dimension.</summary>
    public const string Batch = "batch_size";

    /// <summary>Symbolic current-token dimension.</summary>
    public const string Sequence = "sequence_length";

    /// <summary>Symbolic past-length dimension.</summary>
    public const string PastSequence = "past_sequence_length";

    /// <summary>Symbolic past+current dimension.</summary>
    public const string TotalSequence = "total_sequence_length";

    /// <summary>Optimum's past key input of a layer.</summary>
    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    /// <summary>Optimum's past value input of a layer.</summary>
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    /// <summary>Optimum's present key output of a layer.</summary>
    public static string PresentKey(int layer) => $"present.{layer}.key";

    /// <summary>Optimum's present value output of a layer.</summary>
    public static string PresentValue(int layer) => $"present.{layer}.value";

    /// <summary>genai's combined past input of a layer.</summary>
    public static string CombinedPast(int layer) => $"past_{layer}";

    /// <summary>genai's combined present output of a layer.</summary>
    public static string CombinedPresent(int layer) => $"present_{layer}";
}
