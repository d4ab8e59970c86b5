using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>RMSNorm (x / √(mean(x²) + ε) · g) from standard ops, or the standard LayerNormalization when the norm has a bias.</summary>
internal static class NormBlock
{
    /// <summary>Normalises <paramref name="x"/> over the last axis.</summary>
    public static string Build(GraphBuilder g, Norm norm, float epsilon, string x)
    {
        var width = norm.Scale.Length;
        var scale = g.Weight(norm.Name + ".weight", norm.Scale, width);
        if (norm.Bias is not null)
        {
            var bias = g.Weight(norm.Name + ".bias", norm.Bias, width);
            return g.Op("LayerNormalization", [x, scale, bias], null, Attributes.Int("axis", -1), Attributes.Float("epsilon", epsilon));
        }

        var meanSquare = g.Op("ReduceMean", [g.Op("Mul", [x, x])], null, Attributes.Ints("axes", -1), Attributes.Int("keepdims", 1));
        var rms = g.Op("Sqrt", [g.Op("Add", [meanSquare, g.FloatScalar(epsilon)])]);
        return g.Op("Mul", [g.Op("Div", [x, rms]), scale]);
    }
}
