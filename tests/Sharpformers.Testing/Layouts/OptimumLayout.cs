using Sharpformers.Testing.Graph;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Layouts;

/// <summary>The Optimum single decoder (also the split pair's halves): past_key_values.N.key/.value in, present.N.key/.value out.</summary>
internal static class OptimumLayout
{
    /// <summary>A decoder with past inputs (<paramref name="withPast"/>) or without.</summary>
    public static ModelProto Decoder(DecoderWeights weights, bool withPast)
    {
        var (model, g, _) = ModelProtos.Create(weights, withPast ? "decoder_with_past" : "decoder");
        ModelProtos.AddTokenInputs(g.Graph, ElementType.Int64);
        var past = withPast ? ModelProtos.AddPastInputs(g.Graph, weights.Options) : null;
        var present = ModelProtos.AddOutputs(g.Graph, weights.Options);
        DecoderBody.Build(g, weights, IoNames.InputIds, IoNames.AttentionMask, IoNames.PositionIds, past, IoNames.Logits, present);
        return model;
    }
}
