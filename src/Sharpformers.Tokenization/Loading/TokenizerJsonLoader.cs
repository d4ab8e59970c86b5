using System.Text.Json;
using Sharpformers.Tokenization.AddedTokens;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.Loading;

/// <summary>Reads a tokenizer.json into a <see cref="TokenizerPipeline"/>; anything malformed or unsupported fails here.</summary>
internal static class TokenizerJsonLoader
{
    public static TokenizerPipeline Load(string path)
    {
        var name = Path.GetFileName(path);
        TokenizerJsonFile file;
        try
        {
            file = TokenizerJsonFile.Read(path);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(name, "$", $"not valid JSON: {e.Message}", e);
        }

        using (file)
        {
            return Load(new JsonCursor(file.Root, "$", name), file);
        }
    }

    private static TokenizerPipeline Load(JsonCursor root, TokenizerJsonFile file)
    {
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Fail("expected a JSON object");
        }

        var model = ModelFactory.Create(root.Required("model"), file);
        var normalizer = root.Optional("normalizer") is { } n ? ComponentFactory.Normalizer(n) : null;
        var preTokenizer = root.Optional("pre_tokenizer") is { } p ? ComponentFactory.PreTokenizer(p) : null;
        var decoder = root.Optional("decoder") is { } d ? ComponentFactory.Decoder(d) : null;
        var added = AddedTokens(root, model);
        var vocabulary = new AddedVocabulary(added, normalizer);
        var postProcessor = root.Optional("post_processor") is { } pp
            ? ComponentFactory.PostProcessor(pp)
            : null;
        return new TokenizerPipeline
        {
            Model = model,
            AddedVocabulary = vocabulary,
            Normalizer = normalizer,
            PreTokenizer = preTokenizer,
            PostProcessor = postProcessor,
            Decoder = decoder,
            FileTruncation = root.Optional("truncation") is { } t ? Truncation(t) : null,
            FilePadding = root.Optional("padding") is { } pad ? Padding(pad) : null,
        };
    }

    /// <summary>
    /// Added tokens get their id as HF's <c>AddedVocabulary::add_tokens</c> assigns it (the ids written in the file are not
    /// trusted): an id already known for the content (added before, or in the model's vocabulary), else the next id after
    /// the largest id given so far to a token outside the vocabulary (or the model's vocabulary size). The differential
    /// tests pin this down (labse-minimized has added tokens on both sides of a sparse vocabulary).
    /// </summary>
    private static List<AddedToken> AddedTokens(JsonCursor root, ITokenizerModel model)
    {
        var result = new List<AddedToken>();
        if (root.Optional("added_tokens") is not { } list)
        {
            return result;
        }

        var byContent = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxId = -1;
        foreach (var item in list.Items())
        {
            var content = item.Required("content").String();
            item.Required("id").Int();
            if (content.Length == 0)
            {
                continue;
            }

            int id;
            if (byContent.TryGetValue(content, out var existing))
            {
                id = result[existing].Id;
            }
            else if (model.TokenToId(content) is { } modelId)
            {
                id = modelId;
            }
            else
            {
                id = maxId < 0 || maxId < model.VocabSize ? model.VocabSize : maxId + 1;
                maxId = Math.Max(maxId, id);
            }

            var special = item.OptionalBool("special", false);
            var token = new AddedToken(
                id,
                content,
                special,
                item.OptionalBool("single_word", false),
                item.OptionalBool("lstrip", false),
                item.OptionalBool("rstrip", false),
                item.OptionalBool("normalized", !special));
            if (byContent.TryGetValue(content, out var index))
            {
                result[index] = token;
            }
            else
            {
                byContent[content] = result.Count;
                result.Add(token);
            }
        }

        return result;
    }

    private static TruncationSettings Truncation(JsonCursor t)
    {
        var strategy = t.OptionalString("strategy") ?? "LongestFirst";
        if (strategy is not ("LongestFirst" or "OnlyFirst" or "OnlySecond"))
        {
            throw t.Required("strategy").Fail($"unknown truncation strategy '{strategy}'");
        }

        var direction = t.OptionalString("direction") ?? "Right";
        return new TruncationSettings(
            t.Required("max_length").Int(),
            t.OptionalInt("stride") ?? 0,
            direction == "Left",
            strategy == "OnlySecond",
            strategy == "OnlyFirst");
    }

    private static PaddingSettings Padding(JsonCursor p)
    {
        int? fixedLength = null;
        var strategy = p.Optional("strategy");
        if (strategy is { Kind: JsonValueKind.Object } s)
        {
            fixedLength = s.Required("Fixed").Int();
        }
        else if (strategy is { } other && other.String() != "BatchLongest")
        {
            throw other.Fail($"unknown padding strategy '{other.String()}'");
        }

        return new PaddingSettings(
            fixedLength,
            (p.OptionalString("direction") ?? "Right") == "Left",
            p.OptionalInt("pad_to_multiple_of"),
            p.OptionalInt("pad_id") ?? 0,
            p.OptionalInt("pad_type_id") ?? 0,
            p.OptionalString("pad_token") ?? "[PAD]");
    }
}
