using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>
/// Grouped-query self-attention from standard ops. Queries are viewed as [batch, kv_heads, group, seq, head_dim]
/// and keys/values as [batch, kv_heads, 1, total, head_dim], so MatMul broadcasting shares each key/value head with
/// its group of query heads (query head h reads key/value head h / group, as Hugging Face's <c>repeat_kv</c>).
/// </summary>
internal static class AttentionBlock
{
    /// <summary>The attention output and the layer's full keys and values (past + new, [batch, kv_heads, total, head_dim]).</summary>
    /// <param name="g">The graph.</param>
    /// <param name="options">The model shape.</param>
    /// <param name="layer">The layer's weights.</param>
    /// <param name="x">The normalised hidden states [batch, seq, hidden].</param>
    /// <param name="allowed">The bool mask [batch, 1, 1, seq, total].</param>
    /// <param name="rotary">The rotary factors, or <see langword="null"/> for models with learned positions.</param>
    /// <param name="past">The layer's past keys/values, or <see langword="null"/> for a decoder without past inputs.</param>
    /// <param name="present">Names the full keys/values must carry (graph outputs), or <see langword="null"/>.</param>
    public static (string Output, KeyValueNames Present) Build(
        GraphBuilder g,
        TestModelOptions options,
        LayerWeights layer,
        string x,
        string allowed,
        (string Cos, string Sin)? rotary,
        KeyValueNames? past,
        KeyValueNames? present)
    {
        int heads = options.NumHeads, kvHeads = options.NumKeyValueHeads, d = options.HeadDim;
        var q = SplitHeads(g, LinearBlock.Build(g, layer.Query, x), heads, d);
        var k = SplitHeads(g, LinearBlock.Build(g, layer.Key, x), kvHeads, d);
        var v = SplitHeads(g, LinearBlock.Build(g, layer.Value, x), kvHeads, d);
        if (rotary is { } factors)
        {
            q = RotaryBlock.Apply(g, factors, d, q);
            k = RotaryBlock.Apply(g, factors, d, k);
        }

        var keys = Append(g, past?.Key, k, present?.Key);
        var values = Append(g, past?.Value, v, present?.Value);

        var axis2 = g.Int64s(2);
        var groupedQueries = g.Op("Reshape", [q, g.Int64s(0, kvHeads, heads / kvHeads, -1, d)]);
        var keysT = g.Op("Transpose", [g.Op("Unsqueeze", [keys, axis2])], null, Attributes.Ints("perm", 0, 1, 2, 4, 3));
        var scores = g.Op("Mul", [g.Op("MatMul", [groupedQueries, keysT]), g.FloatScalar(1f / MathF.Sqrt(d))]);
        var masked = g.Op("Where", [allowed, scores, g.FloatScalar(Activations.MaskedScore(options.Precision))]);
        var probabilities = g.Op("Softmax", [masked], null, Attributes.Int("axis", -1));
        var context = g.Op("MatMul", [probabilities, g.Op("Unsqueeze", [values, axis2])]);
        var perHead = g.Op("Reshape", [context, g.Int64s(0, heads, -1, d)]);
        var perToken = g.Op("Transpose", [perHead], null, Attributes.Ints("perm", 0, 2, 1, 3));
        var flat = g.Op("Reshape", [perToken, g.Int64s(0, 0, heads * d)]);
        return (LinearBlock.Build(g, layer.Output, flat), new KeyValueNames(keys, values));
    }

    private static string SplitHeads(GraphBuilder g, string projected, int heads, int d) =>
        g.Op("Transpose", [g.Op("Reshape", [projected, g.Int64s(0, 0, heads, d)])], null, Attributes.Ints("perm", 0, 2, 1, 3));

    private static string Append(GraphBuilder g, string? past, string current, string? name) => past is not null
        ? g.Op("Concat", [past, current], name, Attributes.Int("axis", 2))
        : name is not null ? g.Op("Identity", [current], name) : current;
}
