using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.AddedTokens;

/// <summary>
/// Finds added tokens in a text leftmost-longest (as HF's Aho-Corasick with <c>LeftmostLongest</c>), then applies each
/// token's <c>single_word</c>, <c>lstrip</c> and <c>rstrip</c> rules (HF <c>AddedVocabulary::find_matches</c>).
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly CharTrie trie = new();
    private readonly bool[] firstChars = new bool[char.MaxValue + 1];
    private readonly List<AddedToken> tokens = [];

    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> patterns)
    {
        foreach (var (pattern, token) in patterns)
        {
            if (pattern.Length == 0)
            {
                continue;
            }

            trie.Insert(pattern, tokens.Count);
            tokens.Add(token);
            firstChars[pattern[0]] = true;
        }
    }

    public bool IsEmpty => tokens.Count == 0;

    /// <summary>Whether some token occurs in <paramref name="text"/> (before the single-word and strip rules, which can only drop a match).</summary>
    public bool HasCandidate(string text)
    {
        for (var pos = 0; pos < text.Length; pos++)
        {
            if (firstChars[text[pos]] && trie.LongestPrefix(text, pos).Value >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Pieces covering <paramref name="text"/>: (start, end, token or null for plain text).</summary>
    public List<(int Start, int End, AddedToken? Token)> FindMatches(string text)
    {
        var splits = new List<(int, int, AddedToken?)>();
        if (text.Length == 0)
        {
            splits.Add((0, 0, null));
            return splits;
        }

        var startOffset = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            if (!firstChars[text[pos]])
            {
                pos++;
                continue;
            }

            var (length, index) = trie.LongestPrefix(text, pos);
            if (index < 0)
            {
                pos++;
                continue;
            }

            var start = pos;
            var stop = pos + length;
            pos = stop;
            var token = tokens[index];
            if (token.SingleWord)
            {
                var startSpace = start == 0 || !EndsWithWord(text, start);
                var stopSpace = stop == text.Length || !StartsWithWord(text, stop);
                if (!startSpace || !stopSpace)
                {
                    continue;
                }
            }

            if (token.LStrip)
            {
                var newStart = start;
                while (newStart > 0 && UnicodeChars.IsWhitespace(text[newStart - 1]))
                {
                    newStart--;
                }

                start = Math.Max(newStart, startOffset);
            }

            if (token.RStrip)
            {
                while (stop < text.Length && UnicodeChars.IsWhitespace(text[stop]))
                {
                    stop++;
                }
            }

            if (start > startOffset)
            {
                splits.Add((startOffset, start, null));
            }

            splits.Add((start, stop, token));
            startOffset = stop;
        }

        if (startOffset != text.Length)
        {
            splits.Add((startOffset, text.Length, null));
        }

        return splits;
    }

    private static bool EndsWithWord(string text, int end)
    {
        var i = end - 1;
        var cp = char.IsLowSurrogate(text[i]) && i > 0 ? char.ConvertToUtf32(text[i - 1], text[i]) : text[i];
        return UnicodeChars.IsAlphanumeric(cp);
    }

    private static bool StartsWithWord(string text, int start) =>
        UnicodeChars.IsAlphanumeric(UnicodeChars.CodePointAt(text, start, out _));
}
