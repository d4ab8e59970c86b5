using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>Rotary position embeddings from precomputed tables gathered at <c>position_ids</c> (see <see cref="RotaryTables"/>).</summary>
internal static class RotaryBlock
{
    /// <summary>The cos and sin factors for the current tokens, each [batch, 1, seq, head_dim].</summary>
    public static (string Cos, string Sin) Factors(GraphBuilder g, TestModelOptions options, string positionIds)
    {
        var (cos, sin) = RotaryTables.Create(options);
        var axis1 = g.Int64s(1);
        var cosTable = g.Weight("rotary.cos", cos, options.MaxPositions, options.HeadDim);
        var sinTable = g.Weight("rotary.sin", sin, options.MaxPositions, options.HeadDim);
        return (g.Op("Unsqueeze", [g.Op("Gather", [cosTable, positionIds]), axis1]),
                g.Op("Unsqueeze", [g.Op("Gather", [sinTable, positionIds]), axis1]));
    }

    /// <summary>Rotates <paramref name="x"/> ([batch, heads, seq, head_dim]): x·cos + [−x₂, x₁]·sin.</summary>
    public static string Apply(GraphBuilder g, (string Cos, string Sin) factors, int headDim, string x)
    {
        var half = headDim / 2;
        var halves = g.Ops("Split", [x, g.Int64s(half, half)], 2, [], Attributes.Int("axis", -1));
        var rotated = g.Op("Concat", [g.Op("Neg", [halves[1]]), halves[0]], null, Attributes.Int("axis", -1));
        return g.Op("Add", [g.Op("Mul", [x, factors.Cos]), g.Op("Mul", [rotated, factors.Sin])]);
    }
}
