using static Sharpformers.Models.Tests.Layouts.OnnxGraphBuilder;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>How a toy decoder is exported.</summary>
public enum ToyExport
{
    /// <summary>One graph with past inputs (Optimum model.onnx).</summary>
    Single,

    /// <summary>One graph whose If node is switched by use_cache_branch (decoder_model_merged.onnx).</summary>
    Merged,

    /// <summary>decoder_model.onnx (no past) + decoder_with_past_model.onnx.</summary>
    Split,
}

/// <summary>The variant of a toy decoder: export layout, id type, optional inputs and KV layout.</summary>
public sealed record ToyOptions(ToyExport Export = ToyExport.Single, int IdsType = OnnxInt64, bool Positions = true, bool LogitsToKeep = false, bool Bloom = false, string? ExtraInput = null, bool KeyValue = false)
{
    public override string ToString() =>
        $"{Export}{(IdsType == OnnxInt32 ? ",int32" : string.Empty)}{(Positions ? string.Empty : ",no-positions")}{(LogitsToKeep ? ",logits-to-keep" : string.Empty)}{(Bloom ? ",bloom-kv" : string.Empty)}{(KeyValue ? ",bigcode-key_value" : string.Empty)}";
}
