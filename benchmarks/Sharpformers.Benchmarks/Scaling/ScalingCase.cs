namespace Sharpformers.Benchmarks.Scaling;

/// <summary>One point of the scaling grid: a model size, a prompt length per row and a batch.</summary>
internal sealed record ScalingCase(string Size, int Context, int Batch)
{
    /// <summary>
    /// Largest prompt (batch × context) measured by default. The generated graphs return the logits of every prompt position
    /// and compute attention with plain MatMul/Softmax, so a 32768-token prefill needs 4 GB for the logits plus 1–3 GB per
    /// [batch, heads, context, context] score tensor, per session, which ONNX Runtime's arena then keeps.
    /// </summary>
    public const int MaxPromptTokens = 8192;

    /// <summary>The prompt tokens of the whole batch.</summary>
    public int PromptTokens => Context * Batch;

    /// <summary>Why this case is left out of a default run, or null when it is measured.</summary>
    public string? SkipReason =>
        PromptTokens > MaxPromptTokens
            ? $"prompt of {PromptTokens} tokens > {MaxPromptTokens}: prefill logits alone {PromptTokens * 32000L * 4 / (1 << 20)} MiB per runner, plus the attention scores (memory of a shared 24 GiB machine)"
            : null;
}
