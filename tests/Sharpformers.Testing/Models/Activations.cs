namespace Sharpformers.Testing.Models;

/// <summary>Constants of the activations, shared by the ONNX graph and the reference forward.</summary>
internal static class Activations
{
    /// <summary>√(2/π).</summary>
    public const float GeluTanhScale = 0.7978845608028654f;

    /// <summary>The cubic term's coefficient in GELU-tanh.</summary>
    public const float GeluCubicCoefficient = 0.044715f;

    /// <summary>The score given to masked attention positions: the most negative finite value of the precision.</summary>
    public static float MaskedScore(TensorPrecision precision) => precision == TensorPrecision.Float16 ? (float)Half.MinValue : float.MinValue;
}
