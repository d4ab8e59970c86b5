namespace Sharpformers.Testing.Models;

/// <summary>The floating-point type of the weights, activations, logits and key/value cache.</summary>
public enum TensorPrecision
{
    /// <summary>32-bit floats.</summary>
    Float32,

    /// <summary>16-bit floats (IEEE half).</summary>
    Float16,
}
