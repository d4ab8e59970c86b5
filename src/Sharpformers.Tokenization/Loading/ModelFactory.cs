using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Reads <c>vocab</c> straight into a presized dictionary (and, for BPE, into <paramref name="index"/> by raw UTF-8);
    /// a path string is built only for an entry that fails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, int> Vocab(JsonCursor j, Utf8TokenIndex? index = null)
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

            var count = vocab.Count;
            vocab[p.Name] = id;
            if (index is not null)
            {
                if (!index.Add(JsonMarshal.GetRawUtf8PropertyName(p), id) || vocab.Count == count)
                {
                    index.Disable();
                }
            }
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

        var vocabCursor = j.Required("vocab");
        var index = new Utf8TokenIndex(vocabCursor.Kind == JsonValueKind.Object ? vocabCursor.Element.GetPropertyCount() : 0);
        var vocab = Vocab(vocabCursor, index);
        var continuingSubwordPrefix = j.OptionalString("continuing_subword_prefix");
        var mergesCursor = j.Required("merges");
        if (mergesCursor.Kind != JsonValueKind.Array)
        {
            throw mergesCursor.Fail($"expected an array, found {mergesCursor.Kind}");
        }

        var table = new BpeMergeTable(vocab, continuingSubwordPrefix, mergesCursor.Element.GetArrayLength());
        try
        {
            AddMerges(table, index, continuingSubwordPrefix, mergesCursor);
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

    /// <summary>
    /// Ranks every merge: from the raw UTF-8 through <paramref name="index"/> when that resolves the parts and the merged
    /// token, else by the decoded chars through the table (which also reports what is missing). Fully optimised from
    /// the first call: it runs once per load, over tens of thousands of merges.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddMerges(BpeMergeTable table, Utf8TokenIndex index, string? continuingSubwordPrefix, JsonCursor merges)
    {
        ReadOnlySpan<byte> prefix = continuingSubwordPrefix is null ? [] : System.Text.Encoding.UTF8.GetBytes(continuingSubwordPrefix);
        var left = new char[64];
        var right = new char[64];
        var position = 0;
        foreach (var m in merges.Element.EnumerateArray())
        {
            if (m.ValueKind == JsonValueKind.String)
            {
                var raw = JsonMarshal.GetRawUtf8Value(m)[1..^1];
                var space = raw.IndexOf((byte)' ');
                if (space < 0 || !TryAddRaw(table, index, raw[..space], raw[(space + 1)..], prefix))
                {
                    if (!table.TryAddSpaceSeparated(JsonChars.Of(m, ref left)))
                    {
                        throw merges.Item(m, position).Fail($"a merge must be \"left right\", found '{m.GetString()}'");
                    }
                }
            }
            else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
                && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
            {
                var (first, second) = (m[0], m[1]);
                if (!TryAddRaw(table, index, JsonMarshal.GetRawUtf8Value(first)[1..^1], JsonMarshal.GetRawUtf8Value(second)[1..^1], prefix))
                {
                    table.Add(JsonChars.Of(first, ref left), JsonChars.Of(second, ref right));
                }
            }
            else
            {
                throw MalformedPair(merges.Item(m, position));
            }

            position++;
        }
    }

    /// <summary>
    /// Adds a merge found by its parts' JSON text, or returns false (nothing added) when a part has an escape, a part or
    /// the merged token is not found that way, or <paramref name="right"/> does not start with the continuing-subword
    /// prefix (the char path then decides, as before).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryAddRaw(BpeMergeTable table, Utf8TokenIndex index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, ReadOnlySpan<byte> prefix)
    {
        if (left.Contains((byte)'\\') || right.Contains((byte)'\\') || !right.StartsWith(prefix))
        {
            return false;
        }

        var leftId = index.Find(left);
        var rightId = leftId < 0 ? -1 : index.Find(right);
        var newId = rightId < 0 ? -1 : index.Find(left, right[prefix.Length..]);
        if (newId < 0)
        {
            return false;
        }

        table.AddResolved(leftId, rightId, newId);
        return true;
    }

    /// <summary>The error for a merge that is neither a string nor a pair of strings, naming the part that is wrong.</summary>
    private static TokenizerFormatException MalformedPair(JsonCursor m)
    {
        var parts = m.Items();
        if (parts.Length != 2)
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
