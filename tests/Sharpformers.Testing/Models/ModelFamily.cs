namespace Sharpformers.Testing.Models;

/// <summary>The decoder architecture a test model imitates.</summary>
public enum ModelFamily
{
    /// <summary>Llama-style: RMSNorm, rotary position embeddings, SwiGLU feed-forward, grouped-query attention, untied head.</summary>
    Llama,

    /// <summary>GPT-2-style: LayerNorm with bias, learned absolute positions, GELU (tanh) feed-forward, tied head.</summary>
    Gpt2,
}
