using System.Text.Json.Nodes;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Folder;

/// <summary><c>tokenizer_config.json</c>: a fast tokenizer with its special tokens.</summary>
internal static class TokenizerConfigJson
{
    /// <summary>The document for <paramref name="options"/>.</summary>
    public static JsonObject Create(TestModelOptions options)
    {
        var specials = ModelVocabulary.SpecialTokens(options.Family);
        var bos = specials[ModelVocabulary.BosTokenId(options.Family)];
        var eos = specials[ModelVocabulary.EosTokenId(options.Family)];
        return new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = bos,
            ["eos_token"] = eos,
            ["pad_token"] = eos,
            ["add_bos_token"] = false,
            ["add_eos_token"] = false,
            ["clean_up_tokenization_spaces"] = false,
            ["model_max_length"] = options.MaxPositions,
        };
    }
}
