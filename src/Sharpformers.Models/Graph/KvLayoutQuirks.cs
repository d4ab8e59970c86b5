namespace Sharpformers.Models;

/// <summary>
/// The one table of per-family KV tensor layouts. Each pattern names the role of every axis: <c>B</c> batch, <c>BH</c> batch
/// folded with the heads, <c>S</c> sequence, <c>H</c> key/value heads, <c>D</c> head size, <c>2D</c> key and value
/// concatenated on the last axis, <c>2</c> key and value stacked on the first axis. The first row whose model type (when given),
/// rank and name ending (when given) match wins; graph dimensions that are fixed always override the configuration.
/// </summary>
internal static class KvLayoutQuirks
{
    private static readonly Row[] Rows =
    [
        // BLOOM exported with transformers < 4.44: key [B*H, D, S], value [B*H, S, D] (Optimum BloomOnnxConfig).
        new("bloom", 3, ".key", "BH,D,S"),
        new("bloom", 3, ".value", "BH,S,D"),

        // GPT-BigCode exported with transformers < 4.54: one key_value tensor, K and V concatenated on the last axis.
        new(null, 4, ".key_value", "B,H,S,2D"),
        new(null, 3, ".key_value", "B,S,2D"),

        // onnxruntime-genai's legacy GPT-2 layout: past_%d = key and value stacked on axis 0.
        new(null, 5, null, "2,B,H,S,D"),

        // Everything else (Optimum, transformers.js, onnxruntime-genai default): [B, H_kv, S, D].
        new(null, 4, null, "B,H,S,D"),
    ];

    public static string? Pattern(string? modelType, int rank, string pastName)
    {
        foreach (var row in Rows)
        {
            if (row.Rank == rank
                && (row.ModelType is null || string.Equals(row.ModelType, modelType, StringComparison.OrdinalIgnoreCase))
                && (row.NameEnding is null || pastName.EndsWith(row.NameEnding, StringComparison.Ordinal)))
            {
                return row.Pattern;
            }
        }

        return null;
    }

    private sealed record Row(string? ModelType, int Rank, string? NameEnding, string Pattern);
}
