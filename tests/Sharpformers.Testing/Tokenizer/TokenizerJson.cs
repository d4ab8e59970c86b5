using System.Text.Json.Nodes;

namespace Sharpformers.Testing.Tokenizer;

/// <summary>
/// The Hugging Face <c>tokenizer.json</c> of a byte-level BPE vocabulary: GPT-2's ByteLevel pre-tokenizer, decoder
/// and post-processor, no normaliser, special tokens as added tokens, merges as "left right" strings.
/// </summary>
internal static class TokenizerJson
{
    /// <summary>The JSON document.</summary>
    public static JsonObject Create(BpeVocabulary vocabulary)
    {
        var addedTokens = new JsonArray();
        var vocab = new JsonObject();
        for (var id = 0; id < vocabulary.Tokens.Count; id++)
        {
            vocab[vocabulary.Tokens[id]] = id;
            if (id < vocabulary.SpecialTokenCount)
            {
                addedTokens.Add(new JsonObject
                {
                    ["id"] = id,
                    ["content"] = vocabulary.Tokens[id],
                    ["single_word"] = false,
                    ["lstrip"] = false,
                    ["rstrip"] = false,
                    ["normalized"] = false,
                    ["special"] = true,
                });
            }
        }

        var merges = new JsonArray();
        foreach (var (left, right) in vocabulary.Merges)
        {
            merges.Add($"{left} {right}");
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = addedTokens,
            ["normalizer"] = null,
            ["pre_tokenizer"] = ByteLevel(addPrefixSpace: false, trimOffsets: true),
            ["post_processor"] = ByteLevel(addPrefixSpace: true, trimOffsets: false),
            ["decoder"] = ByteLevel(addPrefixSpace: true, trimOffsets: true),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
    }

    private static JsonObject ByteLevel(bool addPrefixSpace, bool trimOffsets) => new()
    {
        ["type"] = "ByteLevel",
        ["add_prefix_space"] = addPrefixSpace,
        ["trim_offsets"] = trimOffsets,
        ["use_regex"] = true,
    };
}
