using System.Text.Json;
using Sharpformers.Tokenization.AddedTokens;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// The transformers-level files beside tokenizer.json: tokenizer_config.json, special_tokens_map.json and
/// added_tokens.json, resolved as <c>PreTrainedTokenizerBase.from_pretrained</c> does (special_tokens_map.json overrides
/// tokenizer_config.json; a name absent from both takes the tokenizer class's default).
/// </summary>
internal sealed class TokenizerConfigFiles
{
    public static readonly string[] SpecialTokenNames = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

    public JsonElement? Config { get; private init; }

    /// <summary>Resolved special tokens by transformers name (<c>bos_token</c>...); null values are absent.</summary>
    public Dictionary<string, string?> SpecialTokens { get; } = new(StringComparer.Ordinal);

    public List<string> AdditionalSpecialTokens { get; } = [];

    /// <summary>Entries of added_tokens.json (token → id).</summary>
    public List<(string Token, int Id)> ExtraAddedTokens { get; } = [];

    public static TokenizerConfigFiles Read(string folder)
    {
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        var mapPath = Path.Combine(folder, "special_tokens_map.json");
        var addedPath = Path.Combine(folder, "added_tokens.json");
        var config = File.Exists(configPath) ? ReadJson(configPath) : (JsonElement?)null;
        var files = new TokenizerConfigFiles { Config = config };

        var values = new Dictionary<string, JsonCursor>(StringComparer.Ordinal);
        if (config is { ValueKind: JsonValueKind.Object } c)
        {
            Collect(new JsonCursor(c, "$", "tokenizer_config.json"), values);
        }

        if (File.Exists(mapPath))
        {
            Collect(new JsonCursor(ReadJson(mapPath), "$", "special_tokens_map.json"), values);
        }

        var tokenizerClass = config is { ValueKind: JsonValueKind.Object } cc && cc.TryGetProperty("tokenizer_class", out var tc) && tc.ValueKind == JsonValueKind.String
            ? tc.GetString()!.Replace("Fast", string.Empty, StringComparison.Ordinal)
            : null;
        var defaults = tokenizerClass is not null && ClassDefaultTokens.ByClass.TryGetValue(tokenizerClass, out var d) ? d : [];
        foreach (var name in SpecialTokenNames)
        {
            files.SpecialTokens[name] = values.TryGetValue(name, out var v) ? TokenContent(v) : defaults.GetValueOrDefault(name);
        }

        if (values.TryGetValue("additional_special_tokens", out var extra) && extra.Kind == JsonValueKind.Array)
        {
            foreach (var item in extra.Items())
            {
                if (TokenContent(item) is { } s)
                {
                    files.AdditionalSpecialTokens.Add(s);
                }
            }
        }

        if (File.Exists(addedPath))
        {
            foreach (var (name, value) in new JsonCursor(ReadJson(addedPath), "$", "added_tokens.json").Properties())
            {
                files.ExtraAddedTokens.Add((name, value.Int()));
            }
        }

        return files;
    }

    private static void Collect(JsonCursor root, Dictionary<string, JsonCursor> values)
    {
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Fail("expected a JSON object");
        }

        foreach (var (name, value) in root.Properties())
        {
            if (name == "additional_special_tokens" || Array.IndexOf(SpecialTokenNames, name) >= 0)
            {
                values[name] = value;
            }
        }
    }

    private static string? TokenContent(JsonCursor v) => v.Kind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => v.String(),
        JsonValueKind.Object => v.Required("content").String(),
        _ => throw v.Fail("expected a token string, an AddedToken object or null"),
    };

    private static JsonElement ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(Path.GetFileName(path), "$", $"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Extra added tokens from added_tokens.json that the tokenizer.json does not already know.</summary>
    public IEnumerable<AddedToken> NewAddedTokens(TokenizerPipeline pipeline)
    {
        foreach (var (token, id) in ExtraAddedTokens)
        {
            if (pipeline.TokenToId(token) is null)
            {
                yield return new AddedToken(id, token, Special: false);
            }
        }
    }

    /// <summary>
    /// The special tokens a transformers tokenizer class declares by default, built on first use: a load through
    /// <see cref="PretrainedTokenizer.FromFile"/> reads no config and so never builds them.
    /// </summary>
    private static class ClassDefaultTokens
    {
        public static readonly Dictionary<string, Dictionary<string, string>> ByClass = BuildClassDefaults();

        private static Dictionary<string, Dictionary<string, string>> BuildClassDefaults()
        {
            Dictionary<string, string> Gpt2() => new() { ["unk_token"] = "<|endoftext|>", ["bos_token"] = "<|endoftext|>", ["eos_token"] = "<|endoftext|>" };
            Dictionary<string, string> Llama() => new() { ["unk_token"] = "<unk>", ["bos_token"] = "<s>", ["eos_token"] = "</s>" };
            Dictionary<string, string> Bert() => new() { ["unk_token"] = "[UNK]", ["sep_token"] = "[SEP]", ["pad_token"] = "[PAD]", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]" };
            Dictionary<string, string> Roberta() => new() { ["bos_token"] = "<s>", ["eos_token"] = "</s>", ["sep_token"] = "</s>", ["cls_token"] = "<s>", ["unk_token"] = "<unk>", ["pad_token"] = "<pad>", ["mask_token"] = "<mask>" };
            return new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
            {
                ["GPT2Tokenizer"] = Gpt2(),
                ["CodeGenTokenizer"] = Gpt2(),
                ["GPTNeoXTokenizer"] = Gpt2(),
                ["WhisperTokenizer"] = Gpt2(),
                ["LlamaTokenizer"] = Llama(),
                ["CodeLlamaTokenizer"] = Llama(),
                ["GemmaTokenizer"] = new() { ["unk_token"] = "<unk>", ["bos_token"] = "<bos>", ["eos_token"] = "<eos>", ["pad_token"] = "<pad>" },
                ["BertTokenizer"] = Bert(),
                ["DistilBertTokenizer"] = Bert(),
                ["RobertaTokenizer"] = Roberta(),
                ["T5Tokenizer"] = new() { ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["pad_token"] = "<pad>" },
                ["MarianTokenizer"] = new() { ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["pad_token"] = "<pad>" },
                ["XLNetTokenizer"] = new() { ["bos_token"] = "<s>", ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["sep_token"] = "<sep>", ["pad_token"] = "<pad>", ["cls_token"] = "<cls>", ["mask_token"] = "<mask>" },
                ["AlbertTokenizer"] = new() { ["bos_token"] = "[CLS]", ["eos_token"] = "[SEP]", ["unk_token"] = "<unk>", ["sep_token"] = "[SEP]", ["pad_token"] = "<pad>", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]" },
                ["CLIPTokenizer"] = new() { ["unk_token"] = "<|endoftext|>", ["bos_token"] = "<|startoftext|>", ["eos_token"] = "<|endoftext|>", ["pad_token"] = "<|endoftext|>" },
            };
        }
    }
}
