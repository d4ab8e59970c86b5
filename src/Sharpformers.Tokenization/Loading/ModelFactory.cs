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

    /// <summary>Reads <c>vocab</c> straight into a presized dictionary; a path string is built only for an entry that fails.</summary>
    private static Dictionary<string, int> Vocab(JsonCursor j)
    {
        if (j.Kind != JsonValueKind.Object)
        {
            throw j.Fail($"expected an object, found {j.Kind}");
        }

        var vocab = new Dictionary<string, int>(j.Element.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var p in j.Element.EnumerateObject())
        {
            var value = p.Value;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var id) || id < 0)
            {
                j.Property(p).Int();
                continue;
            }

            vocab[p.Name] = id;
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
        var continuingSubwordPrefix = j.OptionalString("continuing_subword_prefix");
        var mergesCursor = j.Required("merges");
        if (mergesCursor.Kind != JsonValueKind.Array)
        {
            throw mergesCursor.Fail($"expected an array, found {mergesCursor.Kind}");
        }

        var table = new BpeMergeTable(vocab, continuingSubwordPrefix, mergesCursor.Element.GetArrayLength());
        var left = new char[64];
        var right = new char[64];
        var index = 0;
        try
        {
            foreach (var m in mergesCursor.Element.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.String)
                {
                    if (!table.TryAddSpaceSeparated(JsonChars.Of(m, ref left)))
                    {
                        throw mergesCursor.Item(m, index).Fail($"a merge must be \"left right\", found '{m.GetString()}'");
                    }
                }
                else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
                    && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                {
                    table.Add(JsonChars.Of(m[0], ref left), JsonChars.Of(m[1], ref right));
                }
                else
                {
                    throw MalformedPair(mergesCursor.Item(m, index));
                }

                index++;
            }
        }
        catch (BpeMergeException e)
        {
            throw new TokenizerFormatException(j.File, $"{j.Path}.merges[{e.Index}]", e.Message, e);
        }

        var options = new BpeOptions(
            j.OptionalString("unk_token"),
            continuingSubwordPrefix,
            j.OptionalString("end_of_word_suffix"),
            j.OptionalBool("fuse_unk", false),
            j.OptionalBool("byte_fallback", false),
            j.OptionalBool("ignore_merges", false));
        return new BpeModel(vocab, table.Ranks, options);
    }

    /// <summary>The error for a merge that is neither a string nor a pair of strings, naming the part that is wrong.</summary>
    private static TokenizerFormatException MalformedPair(JsonCursor m)
    {
        var parts = m.Items().ToList();
        if (parts.Count != 2)
        {
            return m.Fail("a merge must be a pair [left, right]");
        }

        parts[0].String();
        parts[1].String();
        return m.Fail("a merge must be a pair [left, right]");
    }

    private static UnigramModel Unigram(JsonCursor j)
    {
        var vocab = j.Required("vocab");
        if (vocab.Kind != JsonValueKind.Array)
        {
            throw vocab.Fail($"expected an array, found {vocab.Kind}");
        }

        var pieces = new List<(string, double)>(vocab.Element.GetArrayLength());
        var index = 0;
        foreach (var item in vocab.Element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
                && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.Number)
            {
                pieces.Add((item[0].GetString()!, item[1].GetDouble()));
            }
            else
            {
                var cursor = vocab.Item(item, index);
                var pair = cursor.Items().ToList();
                if (pair.Count != 2)
                {
                    throw cursor.Fail("expected [piece, score]");
                }

                pieces.Add((pair[0].String(), pair[1].Double()));
            }

            index++;
        }

        var unk = j.OptionalInt("unk_id");
        if (unk is { } u && u >= pieces.Count)
        {
            throw j.Required("unk_id").Fail($"unk_id {u} is outside the vocabulary of {pieces.Count} pieces");
        }

        return new UnigramModel(pieces.ToArray(), unk, j.OptionalBool("byte_fallback", false));
    }
}
