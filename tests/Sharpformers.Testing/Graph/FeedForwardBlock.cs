using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>SwiGLU (down(silu(gate(x)) · up(x))) when the layer has a gate, else GELU-tanh (down(gelu(up(x)))).</summary>
internal static class FeedForwardBlock
{
    /// <summary>The feed-forward output for <paramref name="x"/>.</summary>
    public static string Build(GraphBuilder g, LayerWeights layer, string x)
    {
        var up = LinearBlock.Build(g, layer.Up, x);
        string activated;
        if (layer.Gate is not null)
        {
            var gate = LinearBlock.Build(g, layer.Gate, x);
            var silu = g.Op("Mul", [gate, g.Op("Sigmoid", [gate])]);
            activated = g.Op("Mul", [silu, up]);
        }
        else
        {
            activated = GeluTanh(g, up);
        }

        return LinearBlock.Build(g, layer.Down, activated);
    }

    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), GPT-2's <c>gelu_new</c>.</summary>
    private static string GeluTanh(GraphBuilder g, string x)
    {
        var cube = g.Op("Mul", [g.Op("Mul", [x, x]), x]);
        var inner = g.Op("Add", [x, g.Op("Mul", [cube, g.FloatScalar(Activations.GeluCubicCoefficient)])]);
        var tanh = g.Op("Tanh", [g.Op("Mul", [inner, g.FloatScalar(Activations.GeluTanhScale)])]);
        var onePlus = g.Op("Add", [tanh, g.FloatScalar(1f)]);
        return g.Op("Mul", [g.Op("Mul", [x, onePlus]), g.FloatScalar(0.5f)]);
    }
}
