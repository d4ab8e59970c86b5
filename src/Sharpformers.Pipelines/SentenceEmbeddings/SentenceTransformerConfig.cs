using System.Text.Json;

namespace Sharpformers.Pipelines;

/// <summary>
/// The sentence-transformers configuration of a model folder: <c>modules.json</c> (Transformer → Pooling → optional Normalize),
/// <c>1_Pooling/config.json</c>, <c>sentence_bert_config.json</c> (<c>max_seq_length</c>) and <c>config_sentence_transformers.json</c>
/// (<c>prompts</c>, <c>default_prompt_name</c>). A folder without them gets sentence-transformers' defaults for a plain model: mean pooling, no normalisation.
/// </summary>
public sealed class SentenceTransformerConfig
{
    /// <summary>The files a Hub download fetches besides the tokenizer and the ONNX model.</summary>
    internal static readonly string[] Files =
        ["modules.json", "sentence_bert_config.json", "config_sentence_transformers.json", "*_Pooling/config.json", "*_Normalize/*"];

    /// <summary>The pooling mode(s).</summary>
    public PoolingModes Pooling { get; init; } = PoolingModes.Mean;

    /// <summary>Whether a Normalize module follows the pooling (unit-length vectors).</summary>
    public bool Normalize { get; init; }

    /// <summary><c>max_seq_length</c> of sentence_bert_config.json: inputs are truncated to it; <see langword="null"/> uses the model's limit.</summary>
    public int? MaxSeqLength { get; init; }

    /// <summary>Whether prompt tokens count in the pooling (<c>include_prompt</c>, default true).</summary>
    public bool IncludePrompt { get; init; } = true;

    /// <summary><c>word_embedding_dimension</c> of the pooling configuration, when given.</summary>
    public int? WordEmbeddingDimension { get; init; }

    /// <summary>Named prompts (<c>prompts</c> of config_sentence_transformers.json), prepended to the text when chosen.</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; init; } = new Dictionary<string, string>();

    /// <summary>The prompt used when none is named (<c>default_prompt_name</c>), or <see langword="null"/>.</summary>
    public string? DefaultPromptName { get; init; }

    /// <summary>Whether the folder had a <c>modules.json</c> (a sentence-transformers model) or the defaults apply.</summary>
    public bool FromSentenceTransformers { get; init; }

    /// <summary>Reads the configuration of a local model folder.</summary>
    /// <param name="folder">The model folder.</param>
    /// <returns>The configuration, or the defaults when the folder has no <c>modules.json</c>.</returns>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    /// <exception cref="NotSupportedException">A module other than Transformer, Pooling and Normalize (Dense, ...), naming it.</exception>
    public static SentenceTransformerConfig Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var settings = ReadObject(Path.Combine(folder, "config_sentence_transformers.json"));
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? defaultPrompt = null;
        if (settings is { } s)
        {
            if (s.TryGetProperty("prompts", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in p.EnumerateObject())
                {
                    prompts[entry.Name] = entry.Value.GetString() ?? string.Empty;
                }
            }

            defaultPrompt = s.TryGetProperty("default_prompt_name", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }

        int? maxSeqLength = ReadObject(Path.Combine(folder, "sentence_bert_config.json")) is { } bert
            && bert.TryGetProperty("max_seq_length", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;

        var modulesFile = Path.Combine(folder, "modules.json");
        if (!File.Exists(modulesFile))
        {
            return new SentenceTransformerConfig { MaxSeqLength = maxSeqLength, Prompts = prompts, DefaultPromptName = defaultPrompt };
        }

        var pooling = PoolingModes.None;
        var normalize = false;
        var includePrompt = true;
        int? dimension = null;
        var modules = ReadArray(modulesFile);
        foreach (var module in modules.EnumerateArray())
        {
            var type = module.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            var path = module.TryGetProperty("path", out var pa) ? pa.GetString() ?? string.Empty : string.Empty;
            var kind = type[(type.LastIndexOf('.') + 1)..];
            switch (kind)
            {
                case "Transformer":
                    break;
                case "Pooling":
                    var poolingConfig = ReadObject(Path.Combine(folder, path, "config.json"))
                        ?? throw new InvalidDataException($"modules.json names the Pooling module '{path}', but '{Path.Combine(folder, path, "config.json")}' is missing.");
                    (pooling, includePrompt, dimension) = ReadPooling(poolingConfig, Path.Combine(folder, path, "config.json"));
                    break;
                case "Normalize":
                    normalize = true;
                    break;
                default:
                    throw new NotSupportedException($"{modulesFile}: the module '{type}' (path '{path}') is not supported; supported: Transformer, Pooling, Normalize.");
            }
        }

        return new SentenceTransformerConfig
        {
            Pooling = pooling == PoolingModes.None ? PoolingModes.Mean : pooling,
            Normalize = normalize,
            MaxSeqLength = maxSeqLength,
            IncludePrompt = includePrompt,
            WordEmbeddingDimension = dimension,
            Prompts = prompts,
            DefaultPromptName = defaultPrompt,
            FromSentenceTransformers = true,
        };
    }

    private static (PoolingModes Modes, bool IncludePrompt, int? Dimension) ReadPooling(JsonElement config, string file)
    {
        var modes = PoolingModes.None;
        (string Field, PoolingModes Mode)[] fields =
        [
            ("pooling_mode_cls_token", PoolingModes.Cls), ("pooling_mode_max_tokens", PoolingModes.Max),
            ("pooling_mode_mean_tokens", PoolingModes.Mean), ("pooling_mode_mean_sqrt_len_tokens", PoolingModes.MeanSqrtLength),
            ("pooling_mode_weightedmean_tokens", PoolingModes.WeightedMean), ("pooling_mode_lasttoken", PoolingModes.LastToken),
        ];
        foreach (var (field, mode) in fields)
        {
            if (config.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True)
            {
                modes |= mode;
            }
        }

        // Newer sentence-transformers writes "pooling_mode": "mean" | "cls" | "max" | "lasttoken" | "weightedmean" | "mean_sqrt_len_tokens".
        if (config.TryGetProperty("pooling_mode", out var named) && named.ValueKind == JsonValueKind.String)
        {
            modes |= named.GetString() switch
            {
                "mean" => PoolingModes.Mean,
                "cls" => PoolingModes.Cls,
                "max" => PoolingModes.Max,
                "lasttoken" => PoolingModes.LastToken,
                "weightedmean" => PoolingModes.WeightedMean,
                "mean_sqrt_len_tokens" => PoolingModes.MeanSqrtLength,
                var other => throw new InvalidDataException($"{file}: pooling_mode '{other}' is not one of mean, cls, max, lasttoken, weightedmean, mean_sqrt_len_tokens."),
            };
        }

        var include = !config.TryGetProperty("include_prompt", out var ip) || ip.ValueKind != JsonValueKind.False;
        int? dimension = config.TryGetProperty("word_embedding_dimension", out var dim) && dim.ValueKind == JsonValueKind.Number ? dim.GetInt32() : null;
        return (modes, include, dimension);
    }

    private static JsonElement? ReadObject(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var root = Parse(file);
        return root.ValueKind == JsonValueKind.Object ? root : throw new InvalidDataException($"{file}: expected a JSON object, found {root.ValueKind}.");
    }

    private static JsonElement ReadArray(string file)
    {
        var root = Parse(file);
        return root.ValueKind == JsonValueKind.Array ? root : throw new InvalidDataException($"{file}: expected a JSON array of modules, found {root.ValueKind}.");
    }

    private static JsonElement Parse(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }
}
