using System.Runtime.CompilerServices;

namespace Sharpformers.Generation.Constraints.Vocabulary;

/// <summary>
/// The byte strings of a vocabulary arranged for mask computation, built once per vocabulary and cached: ordinary
/// tokens in a byte trie stored in preorder (each node knows where its subtree ends, so a dead branch is skipped in one
/// jump), added tokens apart (they are only ever matched whole), and every token's bytes for advancing a state.
/// </summary>
internal sealed class TokenIndex
{
    private static readonly ConditionalWeakTable<ITokenVocabulary, TokenIndex> Cache = [];

    private TokenIndex(ITokenVocabulary vocabulary)
    {
        TokenCount = vocabulary.TokenCount;
        var offsets = new int[TokenCount + 1];
        var isAdded = new bool[TokenCount];
        var all = new List<byte>();
        var ordinary = new List<int>();
        var added = new List<int>();
        for (var id = 0; id < TokenCount; id++)
        {
            var bytes = vocabulary.GetTokenBytes(id);
            offsets[id] = all.Count;
            all.AddRange(bytes);
            isAdded[id] = vocabulary.IsAddedToken(id);
            if (bytes.Length == 0)
            {
                continue;
            }

            (isAdded[id] ? added : ordinary).Add(id);
        }

        offsets[TokenCount] = all.Count;
        Bytes = [.. all];
        Offsets = offsets;
        IsAdded = isAdded;
        AddedTokens = [.. added];
        BuildTrie(ordinary);
    }

    public int TokenCount { get; }

    public byte[] Bytes { get; }

    public int[] Offsets { get; }

    public bool[] IsAdded { get; }

    public int[] AddedTokens { get; }

    /// <summary>Byte of each trie node (preorder).</summary>
    public byte[] NodeByte { get; private set; } = [];

    /// <summary>Depth of each node (children of the root have depth 1).</summary>
    public int[] NodeDepth { get; private set; } = [];

    /// <summary>Index just past each node's subtree.</summary>
    public int[] NodeEnd { get; private set; } = [];

    /// <summary>First entry in <see cref="NodeTokens"/> of the tokens spelled exactly by each node.</summary>
    public int[] NodeTokenStart { get; private set; } = [];

    /// <summary>End (exclusive) in <see cref="NodeTokens"/> of the tokens spelled exactly by each node.</summary>
    public int[] NodeTokenEnd { get; private set; } = [];

    /// <summary>Token ids grouped by node (consecutive per node).</summary>
    public int[] NodeTokens { get; private set; } = [];

    public int MaxDepth { get; private set; }

    public static TokenIndex For(ITokenVocabulary vocabulary) => Cache.GetValue(vocabulary, v => new TokenIndex(v));

    public ReadOnlySpan<byte> TokenBytes(int id) => Bytes.AsSpan(Offsets[id], Offsets[id + 1] - Offsets[id]);

    private void BuildTrie(List<int> ordinary)
    {
        var sorted = ordinary.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            var c = TokenBytes(a).SequenceCompareTo(TokenBytes(b));
            return c != 0 ? c : a.CompareTo(b);
        });

        var nodeByte = new List<byte>();
        var nodeDepth = new List<int>();
        var nodeEnd = new List<int>();
        var nodeTokenStart = new List<int>();
        var tokens = new List<int>();
        var path = new List<int>(); // node index at each depth - 1
        ReadOnlySpan<byte> previous = [];
        foreach (var id in sorted)
        {
            var bytes = TokenBytes(id);
            var common = bytes.CommonPrefixLength(previous);
            while (path.Count > common)
            {
                nodeEnd[path[^1]] = nodeByte.Count;
                path.RemoveAt(path.Count - 1);
            }

            for (var d = common; d < bytes.Length; d++)
            {
                path.Add(nodeByte.Count);
                nodeByte.Add(bytes[d]);
                nodeDepth.Add(d + 1);
                nodeEnd.Add(-1);
                nodeTokenStart.Add(tokens.Count);
            }

            // Tokens are sorted, so the tokens of one node are consecutive and come before its children's.
            tokens.Add(id);
            MaxDepth = Math.Max(MaxDepth, bytes.Length);
            previous = bytes;
        }

        while (path.Count > 0)
        {
            nodeEnd[path[^1]] = nodeByte.Count;
            path.RemoveAt(path.Count - 1);
        }

        NodeByte = [.. nodeByte];
        NodeDepth = [.. nodeDepth];
        NodeEnd = [.. nodeEnd];
        NodeTokenStart = [.. nodeTokenStart];
        NodeTokens = [.. tokens];

        // A node's tokens are those appended before the next node was created.
        var ends = new int[NodeByte.Length];
        for (var n = 0; n < ends.Length; n++)
        {
            ends[n] = n + 1 < ends.Length ? NodeTokenStart[n + 1] : NodeTokens.Length;
        }

        NodeTokenEnd = ends;
    }
}
