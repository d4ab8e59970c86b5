using System.Text.Json.Nodes;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Folder;

/// <summary><c>generation_config.json</c>: the special token ids (greedy decoding, transformers defaults otherwise).</summary>
internal static class GenerationConfigJson
{
    /// <summary>The document for <paramref name="options"/>.</summary>
    public static JsonObject Create(TestModelOptions options) => new()
    {
        ["bos_token_id"] = ModelVocabulary.BosTokenId(options.Family),
        ["eos_token_id"] = ModelVocabulary.EosTokenId(options.Family),
        ["pad_token_id"] = ModelVocabulary.EosTokenId(options.Family),
    };
}
