using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>x·W (+ b).</summary>
internal static class LinearBlock
{
    /// <summary>Projects the last axis of <paramref name="x"/>.</summary>
    public static string Build(GraphBuilder g, Linear linear, string x)
    {
        var product = g.Op("MatMul", [x, g.Weight(linear.Name + ".weight", linear.Weight, linear.In, linear.Out)]);
        return linear.Bias is null ? product : g.Op("Add", [product, g.Weight(linear.Name + ".bias", linear.Bias, linear.Out)]);
    }
}
