namespace Sharpformers.Testing.Models;

/// <summary>
/// Rotary position tables in the Hugging Face "rotate half" convention: for position p and channel i of a head of
/// size d, angle = p · θ^(−2·(i mod d/2)/d); rotated x = x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁].
/// </summary>
internal static class RotaryTables
{
    /// <summary>The cos and sin tables, each [max_positions, head_dim], rounded like the weights.</summary>
    public static (float[] Cos, float[] Sin) Create(TestModelOptions options)
    {
        int d = options.HeadDim, half = d / 2;
        var cos = new float[options.MaxPositions * d];
        var sin = new float[cos.Length];
        for (var p = 0; p < options.MaxPositions; p++)
        {
            for (var i = 0; i < d; i++)
            {
                var angle = p * Math.Pow(options.RopeTheta, -2.0 * (i % half) / d);
                cos[(p * d) + i] = Round(Math.Cos(angle), options.Precision);
                sin[(p * d) + i] = Round(Math.Sin(angle), options.Precision);
            }
        }

        return (cos, sin);
    }

    private static float Round(double value, TensorPrecision precision) =>
        precision == TensorPrecision.Float16 ? (float)(Half)value : (float)value;
}
