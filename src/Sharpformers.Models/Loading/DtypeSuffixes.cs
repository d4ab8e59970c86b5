namespace Sharpformers.Models;

/// <summary>transformers.js' file-name suffix of each weight variant (<c>onnx/model_q4.onnx</c> is dtype <c>q4</c>).</summary>
internal static class DtypeSuffixes
{
    public const string Default = "fp32";

    private static readonly (string Dtype, string Suffix)[] Table =
    [
        ("fp32", ""),
        ("fp16", "_fp16"),
        ("q8", "_quantized"),
        ("quantized", "_quantized"),
        ("int8", "_int8"),
        ("uint8", "_uint8"),
        ("q4", "_q4"),
        ("q4f16", "_q4f16"),
        ("bnb4", "_bnb4"),
        ("q2", "_q2"),
        ("q2f16", "_q2f16"),
        ("q1", "_q1"),
        ("q1f16", "_q1f16"),
    ];

    public static IEnumerable<string> Known
    {
        get
        {
            foreach (var (dtype, _) in Table)
            {
                yield return dtype;
            }
        }
    }

    public static string? SuffixOf(string dtype)
    {
        foreach (var (name, suffix) in Table)
        {
            if (string.Equals(name, dtype, StringComparison.OrdinalIgnoreCase))
            {
                return suffix;
            }
        }

        return null;
    }

    /// <summary>The dtype a file name stands for, given the base name it starts with (<c>model_q4f16.onnx</c> → <c>q4f16</c>).</summary>
    public static string? DtypeOf(string fileName, string baseName)
    {
        if (!fileName.StartsWith(baseName, StringComparison.Ordinal) || !fileName.EndsWith(".onnx", StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = fileName[baseName.Length..^".onnx".Length];
        foreach (var (dtype, known) in Table)
        {
            if (known == suffix)
            {
                return dtype == "quantized" ? "q8" : dtype;
            }
        }

        return null;
    }
}
