namespace Sharpformers.Testing.Models;

/// <summary>A dense projection y = x·W (+ b) with W stored row-major as [in, out], the orientation ONNX MatMul takes.</summary>
/// <param name="Name">Initializer name prefix, e.g. <c>layers.0.q_proj</c>.</param>
/// <param name="In">Input width.</param>
/// <param name="Out">Output width.</param>
/// <param name="Weight">The [in, out] matrix.</param>
/// <param name="Bias">The [out] bias, or <see langword="null"/>.</param>
internal sealed record Linear(string Name, int In, int Out, float[] Weight, float[]? Bias);

/// <summary>A normalisation's learned scale (and, for LayerNorm, shift).</summary>
/// <param name="Name">Initializer name prefix.</param>
/// <param name="Scale">The [hidden] scale.</param>
/// <param name="Bias">The [hidden] shift for LayerNorm; <see langword="null"/> for RMSNorm.</param>
internal sealed record Norm(string Name, float[] Scale, float[]? Bias);

/// <summary>The weights of one decoder layer.</summary>
/// <param name="AttentionNorm">Norm before attention.</param>
/// <param name="Query">Query projection [hidden, heads·head_dim].</param>
/// <param name="Key">Key projection [hidden, kv_heads·head_dim].</param>
/// <param name="Value">Value projection [hidden, kv_heads·head_dim].</param>
/// <param name="Output">Attention output projection [heads·head_dim, hidden].</param>
/// <param name="FeedForwardNorm">Norm before the feed-forward block.</param>
/// <param name="Gate">SwiGLU gate projection (Llama), or <see langword="null"/> (GPT-2).</param>
/// <param name="Up">Feed-forward input projection [hidden, intermediate].</param>
/// <param name="Down">Feed-forward output projection [intermediate, hidden].</param>
internal sealed record LayerWeights(
    Norm AttentionNorm,
    Linear Query,
    Linear Key,
    Linear Value,
    Linear Output,
    Norm FeedForwardNorm,
    Linear? Gate,
    Linear Up,
    Linear Down);
