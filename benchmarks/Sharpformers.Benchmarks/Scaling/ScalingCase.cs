namespace Sharpformers.Benchmarks.Scaling;

/// <summary>One point of the scaling grid: a model size, a prompt length per row and a batch.</summary>
internal sealed record ScalingCase(string Size, int Context, int Batch)
{
    /// <summary>Largest prompt (batch × context) measured: the prefill's full logits alone are [tokens × 32000] floats (1 GB at 8192).</summary>
    public const int MaxPromptTokens = 8192;

    /// <summary>Largest prefill measured, in floating-point operations (≈ 2 × parameters × prompt tokens).</summary>
    public const double MaxPrefillFlops = 1.0e12;

    /// <summary>The prompt tokens of the whole batch.</summary>
    public int PromptTokens => Context * Batch;

    /// <summary>Approximate prefill cost: 2 × parameters × prompt tokens (attention over the context not counted).</summary>
    public double PrefillFlops => 2.0 * ScalingModels.Shapes[Size].ParameterCount * PromptTokens;

    /// <summary>Why this case is left out of a run on a small machine, or null when it is measured.</summary>
    public string? SkipReason =>
        PromptTokens > MaxPromptTokens ? $"prompt of {PromptTokens} tokens > {MaxPromptTokens} (prefill logits {PromptTokens * 32000L * 4 / (1 << 20)} MiB per runner)"
        : PrefillFlops > MaxPrefillFlops ? $"prefill ≈ {PrefillFlops / 1e12:0.0} TFLOP per runner > {MaxPrefillFlops / 1e12:0.0} (minutes on 2 shared cores)"
        : null;
}
