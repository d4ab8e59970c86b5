using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>
/// Which keys each query may attend to, as bool [batch, 1, 1, seq, past+seq]: key j is visible to query i (at
/// absolute index past+i) when j ≤ past+i and attention_mask[b, j] is 1. Left pads are therefore hidden from every
/// query; positions come separately from <c>position_ids</c>.
/// </summary>
internal static class AttentionMaskBlock
{
    /// <summary>Builds the mask from the (int64) ids and attention mask.</summary>
    public static string Build(GraphBuilder g, string inputIds, string attentionMask)
    {
        var total = g.Op("Shape", [attentionMask], null, Attributes.Int("start", 1), Attributes.Int("end", 2));
        var sequence = g.Op("Shape", [inputIds], null, Attributes.Int("start", 1), Attributes.Int("end", 2));
        var axis0 = g.Int64s(0);
        var totalScalar = g.Op("Squeeze", [total, axis0]);
        var pastScalar = g.Op("Squeeze", [g.Op("Sub", [total, sequence]), axis0]);
        var one = g.Int64Scalar(1);
        var keyPositions = g.Op("Range", [g.Int64Scalar(0), totalScalar, one]);
        var queryPositions = g.Op("Unsqueeze", [g.Op("Range", [pastScalar, totalScalar, one]), g.Int64s(1)]);
        var causal = g.Op("LessOrEqual", [keyPositions, queryPositions]);
        var padding = g.Op("Cast", [attentionMask], null, Attributes.Int("to", ElementType.Bool));
        return g.Op("And", [causal, g.Op("Unsqueeze", [padding, g.Int64s(1, 2, 3)])]);
    }
}
