using System.Text.Json;
using Sharpformers.Tokenization.PostProcessors;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// transformers' <c>LlamaTokenizerFast.update_post_processor</c> (also Code Llama and Gemma): the config's
/// <c>add_bos_token</c> / <c>add_eos_token</c> rebuild the template as <c>[bos] $A [eos]</c> / <c>[bos] $A [eos] [bos] $B:1 [eos]:1</c>.
/// </summary>
internal static class LlamaStylePostProcessor
{
    private static readonly HashSet<string> Classes = new(StringComparer.Ordinal) { "LlamaTokenizer", "CodeLlamaTokenizer", "GemmaTokenizer" };

    public static TokenizerPipeline Apply(TokenizerPipeline pipeline, TokenizerConfigFiles files)
    {
        if (files.Config is not { ValueKind: JsonValueKind.Object } config
            || !config.TryGetProperty("tokenizer_class", out var cls) || cls.ValueKind != JsonValueKind.String
            || !Classes.Contains(cls.GetString()!.Replace("Fast", string.Empty, StringComparison.Ordinal))
            || (!config.TryGetProperty("add_bos_token", out _) && !config.TryGetProperty("add_eos_token", out _)))
        {
            return pipeline;
        }

        var addBos = Flag(config, "add_bos_token", true);
        var addEos = Flag(config, "add_eos_token", false);
        var specials = new Dictionary<string, TemplateSpecialToken>(StringComparer.Ordinal);
        var bos = Special(pipeline, files, "bos_token", addBos, specials);
        var eos = Special(pipeline, files, "eos_token", addEos, specials);
        var single = new List<TemplatePiece>();
        var pair = new List<TemplatePiece>();
        AddSequence(single, bos, eos, "A", 0);
        AddSequence(pair, bos, eos, "A", 0);
        AddSequence(pair, bos, eos, "B", 1);
        return pipeline.WithPostProcessor(new TemplatePostProcessor(single, pair, specials));
    }

    private static void AddSequence(List<TemplatePiece> pieces, string? bos, string? eos, string sequence, int typeId)
    {
        if (bos is not null)
        {
            pieces.Add(new TemplatePiece(false, bos, typeId));
        }

        pieces.Add(new TemplatePiece(true, sequence, typeId));
        if (eos is not null)
        {
            pieces.Add(new TemplatePiece(false, eos, typeId));
        }
    }

    private static string? Special(TokenizerPipeline pipeline, TokenizerConfigFiles files, string name, bool add, Dictionary<string, TemplateSpecialToken> specials)
    {
        if (!add)
        {
            return null;
        }

        var token = files.SpecialTokens.GetValueOrDefault(name)
            ?? throw new TokenizerFormatException("tokenizer_config.json", $"$.add_{name}", $"is true but there is no {name}");
        var id = pipeline.TokenToId(token)
            ?? throw new TokenizerFormatException("tokenizer_config.json", $"$.{name}", $"'{token}' is not in the vocabulary");
        specials[token] = new TemplateSpecialToken(token, [id], [token]);
        return token;
    }

    private static bool Flag(JsonElement config, string name, bool fallback) =>
        config.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
}
