namespace Sharpformers.Tokenization.Models;

/// <summary>
/// The greedy longest-match core shared by <see cref="Tokenize(string)"/> and the ids-only <see cref="WriteIds"/> (the fast path of
/// <see cref="FastPath.AsciiWordPieceIds"/>): span lookups, no strings per candidate piece.
/// </summary>
internal sealed partial class WordPieceModel
{
    private SpanVocabulary? spanVocabulary;

    /// <summary>The longest word (in code points) that is split; longer words are one unknown token.</summary>
    public int MaxInputCharsPerWord => maxInputCharsPerWord;

    /// <summary>Whether the unknown token is in the vocabulary (without it, HF refuses to encode a word it cannot split).</summary>
    public bool HasUnknownToken => vocab.ContainsKey(unkToken);

    /// <summary>
    /// Writes the ids of <paramref name="word"/> (already normalized and pre-tokenized) into <paramref name="destination"/>, as
    /// <see cref="Tokenize(string)"/> would give them, and returns how many were written. Pieces beyond the destination's room are
    /// matched but not written, since a word with no match anywhere is one unknown token as a whole.
    /// </summary>
    public int WriteIds(ReadOnlySpan<char> word, Span<int> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        var lookup = spanVocabulary ?? CreateSpanVocabulary();
        if (CountCodePoints(word) > maxInputCharsPerWord)
        {
            destination[0] = UnknownId(lookup);
            return 1;
        }

        var written = 0;
        var start = 0;
        while (start < word.Length)
        {
            var id = LongestPiece(word, start, lookup, out var end);
            if (id < 0)
            {
                destination[0] = UnknownId(lookup);
                return 1;
            }

            if (written < destination.Length)
            {
                destination[written] = id;
            }

            written++;
            start = end;
        }

        return Math.Min(written, destination.Length);
    }

    /// <summary>
    /// The id of the longest vocabulary piece of <paramref name="word"/> that starts at <paramref name="start"/> (a whole-word
    /// piece at 0, a continuing piece after it), never ending inside a surrogate pair; -1 when there is none.
    /// </summary>
    private static int LongestPiece(ReadOnlySpan<char> word, int start, SpanVocabulary lookup, out int end)
    {
        end = word.Length;
        while (start < end)
        {
            var piece = word[start..end];
            if (start == 0 ? lookup.Words.TryGetValue(piece, out var id) : lookup.Continuations.TryGetValue(piece, out id))
            {
                return id;
            }

            end -= end - 2 >= start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
        }

        return -1;
    }

    private int UnknownId(SpanVocabulary lookup) => lookup.UnknownId >= 0
        ? lookup.UnknownId
        : throw new InvalidOperationException($"the WordPiece unk_token '{unkToken}' is not in the vocabulary");

    private static int CountCodePoints(ReadOnlySpan<char> word)
    {
        var count = 0;
        foreach (var c in word)
        {
            if (!char.IsLowSurrogate(c))
            {
                count++;
            }
        }

        return count;
    }

    private SpanVocabulary CreateSpanVocabulary()
    {
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in vocab)
        {
            if (prefix.Length > 0 && token.StartsWith(prefix, StringComparison.Ordinal))
            {
                continuations[token[prefix.Length..]] = id;
            }
            else if (prefix.Length == 0)
            {
                continuations[token] = id;
            }
        }

        var unknown = vocab.TryGetValue(unkToken, out var unk) ? unk : -1;
        var created = new SpanVocabulary(vocabBySpan, continuations.GetAlternateLookup<ReadOnlySpan<char>>(), unknown);
        return Interlocked.CompareExchange(ref spanVocabulary, created, null) ?? created;
    }

    /// <summary>Span lookups of whole-word pieces and of continuing pieces (keyed without their prefix).</summary>
    private sealed record SpanVocabulary(
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Words,
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Continuations,
        int UnknownId);
}
