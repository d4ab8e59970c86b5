using System.Text.RegularExpressions;

namespace Sharpformers.Testing.Tokenizer;

/// <summary>
/// Learns byte-level BPE merges from a corpus: words are split like GPT-2's pre-tokenizer, mapped to byte-level
/// characters, and the most frequent adjacent pair is merged (ties by ordinal order of the pair) until the
/// vocabulary is full or no pair occurs twice.
/// </summary>
internal static partial class BpeTrainer
{
    /// <summary>Trains a vocabulary of at most <paramref name="size"/> tokens.</summary>
    /// <param name="specialTokens">Special tokens, given ids 0…</param>
    /// <param name="corpus">Training text.</param>
    /// <param name="size">Upper bound on the vocabulary size (at least specials + 256).</param>
    public static BpeVocabulary Train(IReadOnlyList<string> specialTokens, string corpus, int size)
    {
        var tokens = new List<string>(specialTokens);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[tokens[i]] = i;
        }

        for (var b = 0; b < 256; b++)
        {
            var symbol = ByteLevelAlphabet.ToChar((byte)b).ToString();
            ids[symbol] = tokens.Count;
            tokens.Add(symbol);
        }

        var words = CountWords(corpus);
        var merges = new List<(string, string)>();
        while (tokens.Count < size && BestPair(words) is { } pair)
        {
            var merged = pair.Left + pair.Right;
            merges.Add(pair);
            if (ids.TryAdd(merged, tokens.Count))
            {
                tokens.Add(merged);
            }

            foreach (var word in words)
            {
                Apply(word.Symbols, pair, merged);
            }
        }

        return new BpeVocabulary(tokens, specialTokens.Count, merges);
    }

    private static List<(List<string> Symbols, int Count)> CountWords(string corpus)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in PreTokenizer().Matches(corpus))
        {
            var word = ByteLevelAlphabet.Encode(match.Value);
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var words = new List<(List<string>, int)>(counts.Count);
        foreach (var (word, count) in counts.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var symbols = new List<string>(word.Length);
            foreach (var c in word)
            {
                symbols.Add(c.ToString());
            }

            words.Add((symbols, count));
        }

        return words;
    }

    private static (string Left, string Right)? BestPair(List<(List<string> Symbols, int Count)> words)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var (symbols, count) in words)
        {
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + count;
            }
        }

        (string, string)? best = null;
        var bestCount = 1;
        foreach (var (pair, count) in counts)
        {
            if (count > bestCount || (count == bestCount && best is { } current && Compare(pair, current) < 0))
            {
                best = pair;
                bestCount = count;
            }
        }

        return best;
    }

    private static int Compare((string Left, string Right) a, (string Left, string Right) b)
    {
        var left = string.CompareOrdinal(a.Left, b.Left);
        return left != 0 ? left : string.CompareOrdinal(a.Right, b.Right);
    }

    private static void Apply(List<string> symbols, (string Left, string Right) pair, string merged)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                symbols[i] = merged;
                symbols.RemoveAt(i + 1);
            }
        }
    }

    /// <summary>GPT-2's pre-tokenizer split (contractions, letters, digits, other symbols, whitespace).</summary>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex PreTokenizer();
}
