using System.Text.Json;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.Loading;

/// <summary>Builds the vocabulary model from tokenizer.json's <c>model</c> (tagged by <c>type</c>, or recognised by shape as HF does).</summary>
internal static class ModelFactory
{
    public static ITokenizerModel Create(JsonCursor j)
    {
        var type = j.OptionalString("type") ?? InferType(j);
        return type switch
        {
            "BPE" => Bpe(j),
            "WordPiece" => new WordPieceModel(Vocab(j.Required("vocab")), j.OptionalString("unk_token") ?? "[UNK]", j.OptionalString("continuing_subword_prefix") ?? "##", j.OptionalInt("max_input_chars_per_word") ?? 100),
            "WordLevel" => new WordLevelModel(Vocab(j.Required("vocab")), j.OptionalString("unk_token") ?? "<unk>"),
            "Unigram" => Unigram(j),
            _ => throw j.Required("type").Fail($"unknown model type '{type}' (expected BPE, WordPiece, WordLevel or Unigram)"),
        };
    }

    private static string InferType(JsonCursor j)
    {
        if (j.Has("merges"))
        {
            return "BPE";
        }

        if (j.Optional("vocab") is { Kind: JsonValueKind.Array })
        {
            return "Unigram";
        }

        if (j.Has("max_input_chars_per_word") || j.Has("continuing_subword_prefix"))
        {
            return "WordPiece";
        }

        if (j.Has("vocab"))
        {
            return "WordLevel";
        }

        throw j.Fail("cannot tell the model type: no \"type\" and no recognisable fields");
    }

    private static Dictionary<string, int> Vocab(JsonCursor j)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in j.Properties())
        {
            vocab[name] = value.Int();
        }

        return vocab;
    }

    private static BpeModel Bpe(JsonCursor j)
    {
        if (j.Optional("dropout") is { } d && d.Double() is var p && p != 0)
        {
            if (p is < 0 or > 1)
            {
                throw d.Fail($"dropout must be between 0 and 1, found {p}");
            }

            throw d.Fail("BPE dropout is random at encode time and is not supported (use null)");
        }

        var vocab = Vocab(j.Required("vocab"));
        var merges = new List<(string, string)>();
        foreach (var m in j.Required("merges").Items())
        {
            if (m.Kind == JsonValueKind.String)
            {
                var s = m.String();
                var space = s.IndexOf(' ');
                if (space < 0)
                {
                    throw m.Fail($"a merge must be \"left right\", found '{s}'");
                }

                merges.Add((s[..space], s[(space + 1)..]));
            }
            else
            {
                var parts = m.Items().ToList();
                if (parts.Count != 2)
                {
                    throw m.Fail("a merge must be a pair [left, right]");
                }

                merges.Add((parts[0].String(), parts[1].String()));
            }
        }

        var options = new BpeOptions(
            j.OptionalString("unk_token"),
            j.OptionalString("continuing_subword_prefix"),
            j.OptionalString("end_of_word_suffix"),
            j.OptionalBool("fuse_unk", false),
            j.OptionalBool("byte_fallback", false),
            j.OptionalBool("ignore_merges", false));
        try
        {
            return new BpeModel(vocab, merges, options);
        }
        catch (BpeMergeException e)
        {
            throw new TokenizerFormatException(j.File, $"{j.Path}.merges[{e.Index}]", e.Message, e);
        }
    }

    private static UnigramModel Unigram(JsonCursor j)
    {
        var pieces = new List<(string, double)>();
        foreach (var item in j.Required("vocab").Items())
        {
            var pair = item.Items().ToList();
            if (pair.Count != 2)
            {
                throw item.Fail("expected [piece, score]");
            }

            pieces.Add((pair[0].String(), pair[1].Double()));
        }

        var unk = j.OptionalInt("unk_id");
        if (unk is { } u && u >= pieces.Count)
        {
            throw j.Required("unk_id").Fail($"unk_id {u} is outside the vocabulary of {pieces.Count} pieces");
        }

        return new UnigramModel(pieces.ToArray(), unk, j.OptionalBool("byte_fallback", false));
    }
}
