using Sharpformers.Testing.Graph;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Layouts;

/// <summary>
/// onnxruntime-genai's legacy GPT-2 form, matching the <c>tiny-random-gpt2</c> fixture: int32 input_ids,
/// position_ids and attention_mask, and per layer one <c>past_N</c> / <c>present_N</c> of shape
/// [2, batch, kv_heads, seq, head_dim] with keys at index 0 and values at index 1.
/// </summary>
internal static class GenaiLayout
{
    /// <summary>The combined-cache decoder.</summary>
    public static ModelProto Decoder(DecoderWeights weights)
    {
        var options = weights.Options;
        var floatType = ElementType.Of(options.Precision);
        var (model, g, _) = ModelProtos.Create(weights, "decoder_combined_cache");
        var graph = g.Graph;
        graph.Input.Add(ValueInfos.Tensor(IoNames.InputIds, ElementType.Int32, IoNames.Batch, IoNames.Sequence));
        graph.Input.Add(ValueInfos.Tensor(IoNames.PositionIds, ElementType.Int32, IoNames.Batch, IoNames.Sequence));
        graph.Input.Add(ValueInfos.Tensor(IoNames.AttentionMask, ElementType.Int32, IoNames.Batch, IoNames.TotalSequence));
        graph.Output.Add(ValueInfos.Tensor(IoNames.Logits, floatType, IoNames.Batch, IoNames.Sequence, options.VocabSize));

        var index0 = g.Int64Scalar(0);
        var index1 = g.Int64Scalar(1);
        var past = new KeyValueNames[options.NumLayers];
        for (var i = 0; i < past.Length; i++)
        {
            var name = IoNames.CombinedPast(i);
            graph.Input.Add(ValueInfos.Tensor(name, floatType, 2, IoNames.Batch, options.NumKeyValueHeads, IoNames.PastSequence, options.HeadDim));
            graph.Output.Add(ValueInfos.Tensor(IoNames.CombinedPresent(i), floatType, 2, IoNames.Batch, options.NumKeyValueHeads, IoNames.TotalSequence, options.HeadDim));
            past[i] = new KeyValueNames(
                g.Op("Gather", [name, index0], null, Attributes.Int("axis", 0)),
                g.Op("Gather", [name, index1], null, Attributes.Int("axis", 0)));
        }

        var present = DecoderBody.Build(g, weights, ToInt64(g, IoNames.InputIds), ToInt64(g, IoNames.AttentionMask), ToInt64(g, IoNames.PositionIds), past, IoNames.Logits, null);
        var axis0 = g.Int64s(0);
        for (var i = 0; i < present.Count; i++)
        {
            g.Op("Concat", [g.Op("Unsqueeze", [present[i].Key, axis0]), g.Op("Unsqueeze", [present[i].Value, axis0])], IoNames.CombinedPresent(i), Attributes.Int("axis", 0));
        }

        return model;
    }

    private static string ToInt64(GraphBuilder g, string input) => g.Op("Cast", [input], null, Attributes.Int("to", ElementType.Int64));
}
