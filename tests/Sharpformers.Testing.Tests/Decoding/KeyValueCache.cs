namespace Sharpformers.Testing.Tests.Decoding;

/// <summary>Per-layer keys and values as float arrays [batch, kv_heads, length, head_dim], whatever the layout stores.</summary>
internal sealed record KeyValueCache(float[][] Keys, float[][] Values, int Length);
