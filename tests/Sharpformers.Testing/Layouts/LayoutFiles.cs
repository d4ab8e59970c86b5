using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Layouts;

/// <summary>The ONNX files of each layout and the file genai_config.json names.</summary>
internal static class LayoutFiles
{
    /// <summary>The Optimum single decoder and the genai decoder.</summary>
    public const string Model = "model.onnx";

    /// <summary>The merged decoder.</summary>
    public const string Merged = "decoder_model_merged.onnx";

    /// <summary>The split pair's decoder without past.</summary>
    public const string WithoutPast = "decoder_model.onnx";

    /// <summary>The split pair's decoder with past.</summary>
    public const string WithPast = "decoder_with_past_model.onnx";

    /// <summary>Builds the ONNX files of <paramref name="weights"/>' layout.</summary>
    public static IReadOnlyList<OnnxFile> Build(DecoderWeights weights) => weights.Options.Layout switch
    {
        ExportLayout.Optimum => [new OnnxFile(Model, OptimumLayout.Decoder(weights, withPast: true))],
        ExportLayout.Merged => [new OnnxFile(Merged, MergedLayout.Decoder(weights))],
        ExportLayout.Split =>
        [
            new OnnxFile(WithoutPast, OptimumLayout.Decoder(weights, withPast: false)),
            new OnnxFile(WithPast, OptimumLayout.Decoder(weights, withPast: true)),
        ],
        ExportLayout.Genai => [new OnnxFile(Model, GenaiLayout.Decoder(weights))],
        _ => throw new ArgumentOutOfRangeException(nameof(weights), weights.Options.Layout, "unknown export layout"),
    };

    /// <summary>The decoder file a generic single-session runner (onnxruntime-genai) should load.</summary>
    public static string PrimaryDecoder(ExportLayout layout) => layout switch
    {
        ExportLayout.Merged => Merged,
        ExportLayout.Split => WithPast,
        _ => Model,
    };
}
