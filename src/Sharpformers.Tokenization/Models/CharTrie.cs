namespace Sharpformers.Tokenization.Models;

/// <summary>A trie over UTF-16 chars for common-prefix search (the Unigram lattice and added-token matching).</summary>
internal sealed class CharTrie
{
    private readonly List<Dictionary<char, int>?> children = [null];
    private readonly List<int> values = [-1];

    /// <summary>Inserts <paramref name="key"/> with a non-negative value (a later insert of the same key wins).</summary>
    public void Insert(string key, int value)
    {
        var node = 0;
        foreach (var c in key)
        {
            var map = children[node] ??= [];
            if (!map.TryGetValue(c, out var child))
            {
                child = values.Count;
                children.Add(null);
                values.Add(-1);
                map[c] = child;
            }

            node = child;
        }

        values[node] = value;
    }

    /// <summary>Adds (length, value) of every key that prefixes text[start..] to <paramref name="matches"/>, shortest first.</summary>
    public void CommonPrefixSearch(string text, int start, List<(int Length, int Value)> matches)
    {
        var node = 0;
        for (var i = start; i < text.Length; i++)
        {
            var map = children[node];
            if (map is null || !map.TryGetValue(text[i], out node))
            {
                return;
            }

            if (values[node] >= 0)
            {
                matches.Add((i - start + 1, values[node]));
            }
        }
    }

    /// <summary>The longest key that prefixes text[start..]: (length, value), or (0, -1).</summary>
    public (int Length, int Value) LongestPrefix(string text, int start)
    {
        var node = 0;
        var best = (0, -1);
        for (var i = start; i < text.Length; i++)
        {
            var map = children[node];
            if (map is null || !map.TryGetValue(text[i], out node))
            {
                break;
            }

            if (values[node] >= 0)
            {
                best = (i - start + 1, values[node]);
            }
        }

        return best;
    }
}
