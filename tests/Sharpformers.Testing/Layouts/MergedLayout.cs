using Sharpformers.Testing.Graph;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Layouts;

/// <summary>
/// Optimum's merged decoder: the inputs of the with-past decoder plus bool [1] <c>use_cache_branch</c>, and one
/// <c>If</c> whose then-branch runs the decoder over the past and whose else-branch ignores the past inputs.
/// Both branches read the same weights from the outer graph.
/// </summary>
internal static class MergedLayout
{
    /// <summary>The merged decoder.</summary>
    public static ModelProto Decoder(DecoderWeights weights)
    {
        var options = weights.Options;
        var (model, g, store) = ModelProtos.Create(weights, "decoder_merged");
        ModelProtos.AddTokenInputs(g.Graph, ElementType.Int64);
        var past = ModelProtos.AddPastInputs(g.Graph, options);
        g.Graph.Input.Add(ValueInfos.Tensor(IoNames.UseCacheBranch, ElementType.Bool, 1));
        var present = ModelProtos.AddOutputs(g.Graph, options);

        var withPast = Branch(weights, store, "with_past", past);
        var withoutPast = Branch(weights, store, "without_past", null);
        var outputs = new string[1 + (2 * present.Count)];
        outputs[0] = IoNames.Logits;
        for (var i = 0; i < present.Count; i++)
        {
            outputs[1 + (2 * i)] = present[i].Key;
            outputs[2 + (2 * i)] = present[i].Value;
        }

        g.Ops("If", [IoNames.UseCacheBranch], 0, outputs, Attributes.Graph("then_branch", withPast), Attributes.Graph("else_branch", withoutPast));
        return model;
    }

    private static GraphProto Branch(DecoderWeights weights, WeightStore store, string name, IReadOnlyList<KeyValueNames>? past)
    {
        var graph = new GraphProto { Name = name };
        var prefix = name + "/";
        var present = ModelProtos.AddOutputs(graph, weights.Options, prefix);
        DecoderBody.Build(new GraphBuilder(graph, store, prefix), weights, IoNames.InputIds, IoNames.AttentionMask, IoNames.PositionIds, past, prefix + IoNames.Logits, present);
        return graph;
    }
}
