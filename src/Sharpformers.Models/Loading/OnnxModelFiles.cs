using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>
/// The ONNX file(s) of a causal language model inside its folder: one decoder graph (single or merged with
/// <c>use_cache_branch</c>), or the legacy pair of a no-past graph and a with-past graph. External data files sit beside them
/// and are opened by ONNX Runtime.
/// </summary>
internal sealed record OnnxModelFiles(string Decoder, string? DecoderWithPast, GenAiConfig? GenAi, string Dtype)
{
    /// <summary>Base names tried for a single decoder graph, in order.</summary>
    private static readonly string[] SingleBaseNames = ["model", "decoder_model_merged"];

    private const string SplitNoPastBaseName = "decoder_model";
    private const string SplitWithPastBaseName = "decoder_with_past_model";
    private static readonly string[] SubFolders = ["", "onnx"];

    /// <summary>Every file a folder layout may use (for the list of names looked for, and for downloads).</summary>
    public IEnumerable<string> Files
    {
        get
        {
            yield return Decoder;
            if (DecoderWithPast is not null)
            {
                yield return DecoderWithPast;
            }
        }
    }

    public static OnnxModelFiles Locate(string folder, string? dtype, PretrainedConfig? config)
    {
        var genAiFile = Path.Combine(folder, GenAiConfig.FileName);
        var genAi = File.Exists(genAiFile) ? GenAiConfig.Load(genAiFile) : null;
        dtype ??= TransformersJsDtype(config);
        if (dtype is null && genAi is not null)
        {
            var decoder = Path.Combine(folder, genAi.DecoderFileName);
            if (!File.Exists(decoder))
            {
                throw new FileNotFoundException($"{genAiFile} names the decoder '{genAi.DecoderFileName}', which is not in the folder.", decoder);
            }

            return new OnnxModelFiles(decoder, null, genAi, "default");
        }

        var wanted = dtype ?? DtypeSuffixes.Default;
        var suffix = DtypeSuffixes.SuffixOf(wanted) ?? throw new ArgumentException(
            $"ModelOptions.Dtype '{wanted}' is not a known variant (known: {string.Join(", ", DtypeSuffixes.Known)}); " +
            $"variants present in '{folder}': {Describe(PresentVariants(folder))}.", nameof(dtype));

        var lookedFor = new List<string>();
        foreach (var sub in SubFolders)
        {
            foreach (var baseName in SingleBaseNames)
            {
                var candidate = Path.Combine(folder, sub, baseName + suffix + ".onnx");
                lookedFor.Add(Path.GetRelativePath(folder, candidate));
                if (File.Exists(candidate))
                {
                    return new OnnxModelFiles(candidate, null, genAi, wanted);
                }
            }

            var noPast = Path.Combine(folder, sub, SplitNoPastBaseName + suffix + ".onnx");
            var withPast = Path.Combine(folder, sub, SplitWithPastBaseName + suffix + ".onnx");
            lookedFor.Add(Path.GetRelativePath(folder, noPast) + " + " + Path.GetRelativePath(folder, withPast));
            if (File.Exists(noPast) && File.Exists(withPast))
            {
                return new OnnxModelFiles(noPast, withPast, genAi, wanted);
            }

            if (File.Exists(withPast))
            {
                return new OnnxModelFiles(withPast, null, genAi, wanted);
            }
        }

        var variants = PresentVariants(folder);
        if (dtype is not null && variants.Count > 0)
        {
            throw new FileNotFoundException(
                $"The model folder '{folder}' has no '{wanted}' variant (looked for {string.Join(", ", lookedFor)}). " +
                $"Variants present: {Describe(variants)}; choose one with ModelOptions.Dtype.");
        }

        throw new FileNotFoundException(
            $"No usable ONNX decoder in '{folder}'. Looked for {string.Join(", ", lookedFor)}" +
            (genAi is null ? $" or a {GenAiConfig.FileName}" : string.Empty) +
            $"; found: {Describe(FoundOnnxFiles(folder))}." +
            (variants.Count > 0 ? $" Variants present: {Describe(variants)}; choose one with ModelOptions.Dtype." : string.Empty));
    }

    /// <summary>
    /// Glob patterns of the files a Hub download needs for <paramref name="dtype"/> (null: the default variant): the
    /// configuration files and every candidate decoder file of that variant with its external data
    /// (<c>.onnx_data</c>, <c>.onnx.data</c>, chunks <c>_1</c>, <c>_2</c>...), so nothing of another variant is fetched.
    /// </summary>
    public static IReadOnlyList<string> DownloadPatterns(string? dtype)
    {
        var suffix = DtypeSuffixes.SuffixOf(dtype ?? DtypeSuffixes.Default)
            ?? throw new ArgumentException($"'{dtype}' is not a known dtype (known: {string.Join(", ", DtypeSuffixes.Known)}).", nameof(dtype));
        var patterns = new List<string> { AutoConfig.ConfigFileName, GenerationConfig.FileName, GenAiConfig.FileName };
        foreach (var sub in SubFolders)
        {
            foreach (var baseName in (string[])[.. SingleBaseNames, SplitNoPastBaseName, SplitWithPastBaseName])
            {
                var file = (sub.Length == 0 ? string.Empty : sub + "/") + baseName + suffix + ".onnx";
                patterns.Add(file);
                patterns.Add(file + "_data*");
                patterns.Add(file + ".data*");
            }
        }

        return patterns;
    }

    /// <summary>The dtype variants the folder offers, by file name.</summary>
    public static List<string> PresentVariants(string folder)
    {
        var variants = new List<string>();
        foreach (var file in FoundOnnxFiles(folder))
        {
            var name = Path.GetFileName(file);
            foreach (var baseName in (string[])[.. SingleBaseNames, SplitWithPastBaseName])
            {
                if (DtypeSuffixes.DtypeOf(name, baseName) is string variant && !variants.Contains(variant))
                {
                    variants.Add(variant);
                }
            }
        }

        return variants;
    }

    private static List<string> FoundOnnxFiles(string folder)
    {
        var files = new List<string>();
        foreach (var sub in SubFolders)
        {
            var directory = Path.Combine(folder, sub);
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.EnumerateFiles(directory, "*.onnx"))
                {
                    files.Add(Path.GetRelativePath(folder, file));
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Describe(List<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);

    /// <summary><c>transformers.js_config.dtype</c> of config.json when it is a single string (or names the <c>model</c> file).</summary>
    private static string? TransformersJsDtype(PretrainedConfig? config)
    {
        if (config?["transformers.js_config"] is not { ValueKind: JsonValueKind.Object } section
            || !section.TryGetProperty("dtype", out var dtype))
        {
            return null;
        }

        return dtype.ValueKind switch
        {
            JsonValueKind.String => dtype.GetString(),
            JsonValueKind.Object when dtype.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String => model.GetString(),
            _ => null,
        };
    }
}
