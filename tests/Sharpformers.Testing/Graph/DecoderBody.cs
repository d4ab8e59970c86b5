using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx;

namespace Sharpformers.Testing.Graph;

/// <summary>
/// The decoder computation shared by every layout: embeddings (plus learned positions when the model has them),
/// the attention mask, the layers (pre-norm attention and feed-forward with residuals), the final norm and the head.
/// Layouts only differ in how inputs arrive and outputs leave.
/// </summary>
internal static class DecoderBody
{
    /// <summary>Appends the decoder to <paramref name="g"/>.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="inputIds">int64 [batch, seq].</param>
    /// <param name="attentionMask">int64 [batch, past+seq].</param>
    /// <param name="positionIds">int64 [batch, seq].</param>
    /// <param name="past">Per-layer past keys/values, or <see langword="null"/> for a decoder without past.</param>
    /// <param name="logits">The name the logits must carry.</param>
    /// <param name="present">Per-layer names the present keys/values must carry, or <see langword="null"/> to leave them internal.</param>
    /// <returns>Per-layer names of the present keys/values.</returns>
    public static IReadOnlyList<KeyValueNames> Build(
        GraphBuilder g,
        DecoderWeights weights,
        string inputIds,
        string attentionMask,
        string positionIds,
        IReadOnlyList<KeyValueNames>? past,
        string logits,
        IReadOnlyList<KeyValueNames>? present)
    {
        var options = weights.Options;
        int vocab = options.VocabSize, hidden = options.HiddenSize;
        var tokenTable = g.Weight("embed_tokens.weight", weights.TokenEmbedding, vocab, hidden);
        var x = g.Op("Gather", [tokenTable, inputIds]);
        (string, string)? rotary = null;
        if (weights.PositionEmbedding is not null)
        {
            var positionTable = g.Weight("embed_positions.weight", weights.PositionEmbedding, options.MaxPositions, hidden);
            x = g.Op("Add", [x, g.Op("Gather", [positionTable, positionIds])]);
        }
        else
        {
            rotary = RotaryBlock.Factors(g, options, positionIds);
        }

        var allowed = AttentionMaskBlock.Build(g, inputIds, attentionMask);
        var presentNames = new KeyValueNames[weights.Layers.Count];
        for (var i = 0; i < presentNames.Length; i++)
        {
            var layer = weights.Layers[i];
            var normed = NormBlock.Build(g, layer.AttentionNorm, options.NormEpsilon, x);
            var (attention, kv) = AttentionBlock.Build(g, options, layer, normed, allowed, rotary, past?[i], present?[i]);
            presentNames[i] = kv;
            x = g.Op("Add", [x, attention]);
            x = g.Op("Add", [x, FeedForwardBlock.Build(g, layer, NormBlock.Build(g, layer.FeedForwardNorm, options.NormEpsilon, x))]);
        }

        var final = NormBlock.Build(g, weights.FinalNorm, options.NormEpsilon, x);
        var head = weights.LmHead is not null
            ? g.Weight(weights.LmHead.Name + ".weight", weights.LmHead.Weight, hidden, vocab)
            : g.Op("Transpose", [tokenTable], null, Attributes.Ints("perm", 1, 0));
        g.Op("MatMul", [final, head], logits);
        return presentNames;
    }
}
