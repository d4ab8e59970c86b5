using System.Diagnostics;
using System.Text.Json;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.Loading;

/// <summary>Builds the vocabulary model from tokenizer.json's <c>model</c> (tagged by <c>type</c>, or recognised by shape as HF does).</summary>
internal static class ModelFactory
{
    /// <param name="j">the model in <paramref name="file"/>'s skeleton.</param>
    /// <param name="file">the file, whose large values (vocab, merges) are read from its text.</param>
    public static ITokenizerModel Create(JsonCursor j, TokenizerJsonFile file)
    {
        var type = j.OptionalString("type") ?? InferType(j);
        return type switch
        {
            "BPE" => Bpe(j, file),
            "WordPiece" => new WordPieceModel(Vocab(j.Required("vocab"), file.Vocab), j.OptionalString("unk_token") ?? "[UNK]", j.OptionalString("continuing_subword_prefix") ?? "##", j.OptionalInt("max_input_chars_per_word") ?? 100),
            "WordLevel" => new WordLevelModel(Vocab(j.Required("vocab"), file.Vocab), j.OptionalString("unk_token") ?? "<unk>"),
            "Unigram" => Unigram(j, file.Vocab),
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

    /// <summary>
    /// Reads <c>vocab</c> (an object, <paramref name="j"/> in the skeleton, its text <paramref name="text"/>) straight into
    /// a presized dictionary (and, for BPE, into <paramref name="index"/> by raw UTF-8); a document of it is built only to
    /// report an entry that fails.
    /// </summary>
    private static Dictionary<string, int> Vocab(JsonCursor j, LargeJsonValue? text, Utf8TokenIndex? index = null)
    {
        if (j.Kind != JsonValueKind.Object || text is null)
        {
            throw j.Fail($"expected an object, found {j.Kind}");
        }

        var vocab = new Dictionary<string, int>(text.Count, StringComparer.Ordinal);
        if (VocabReader.TryRead(text.Utf8, vocab, index))
        {
            return vocab;
        }

        using var doc = text.Parse();
        var cursor = new JsonCursor(doc.RootElement, j.Path, j.File);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            cursor.Property(p).Int();
        }

        throw new UnreachableException("the streamed vocabulary was refused, yet every entry reads as a non-negative integer");
    }

    /// <summary>The fewest UTF-8 bytes a merge takes in a merges array: <c>"a b"</c>.</summary>
    private const int MinMergeBytes = 5;

    private static BpeModel Bpe(JsonCursor j, TokenizerJsonFile file)
    {
        if (j.Optional("dropout") is { } d && d.Double() is var p && p != 0)
        {
            if (p is < 0 or > 1)
            {
                throw d.Fail($"dropout must be between 0 and 1, found {p}");
            }

            throw d.Fail("BPE dropout is random at encode time and is not supported (use null)");
        }

        var vocabCursor = j.Required("vocab");
        if (file.Vocab is not { } vocabText)
        {
            throw vocabCursor.Fail($"expected an object, found {vocabCursor.Kind}");
        }

        var index = new Utf8TokenIndex(vocabText.Buffer, vocabText.Start, vocabText.Count);
        var vocab = Vocab(vocabCursor, vocabText, index);
        var continuingSubwordPrefix = j.OptionalString("continuing_subword_prefix");
        var mergesCursor = j.Required("merges");
        var merges = file.Merges;
        if (mergesCursor.Kind != JsonValueKind.Array || merges is null)
        {
            throw mergesCursor.Fail($"expected an array, found {mergesCursor.Kind}");
        }

        // Presized for the merges the text can hold ("a b" is 5 bytes), not for its raw item count: a file of 0s
        // would otherwise allocate a table for all of them before the first is found malformed.
        var table = new BpeMergeTable(vocab, continuingSubwordPrefix, Math.Min(merges.Count, (merges.Length / MinMergeBytes) + 1));
        int malformed;
        try
        {
            ReadOnlySpan<byte> prefix = continuingSubwordPrefix is null ? [] : System.Text.Encoding.UTF8.GetBytes(continuingSubwordPrefix);
            malformed = MergeReader.ReadAll(merges.Utf8, table, index, prefix);
        }
        catch (BpeMergeException e)
        {
            throw new TokenizerFormatException(j.File, $"{j.Path}.merges[{e.Index}]", e.Message, e);
        }

        if (malformed >= 0)
        {
            using var doc = merges.Parse();
            throw MalformedMerge(new JsonCursor(doc.RootElement, mergesCursor.Path, j.File).Item(doc.RootElement[malformed], malformed));
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

    /// <summary>The error for a merge that is neither a "left right" string nor a pair of strings, naming the part that is wrong.</summary>
    private static TokenizerFormatException MalformedMerge(JsonCursor m)
    {
        if (m.Kind == JsonValueKind.String)
        {
            return m.Fail($"a merge must be \"left right\", found '{m.String()}'");
        }

        var parts = m.Items();
        if (parts.Length != 2)
        {
            return m.Fail("a merge must be a pair [left, right]");
        }

        parts[0].String();
        parts[1].String();
        return m.Fail("a merge must be a pair [left, right]");
    }

    private static UnigramModel Unigram(JsonCursor j, LargeJsonValue? vocabText)
    {
        var placeholder = j.Required("vocab");
        if (placeholder.Kind != JsonValueKind.Array || vocabText is null)
        {
            throw placeholder.Fail($"expected an array, found {placeholder.Kind}");
        }

        using var doc = vocabText.Parse();
        var vocab = new JsonCursor(doc.RootElement, placeholder.Path, j.File);

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
                var pair = cursor.Items();
                if (pair.Length != 2)
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
