using System.Runtime.CompilerServices;
using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Models;

/// <summary>
/// Byte-pair encoding (HF <c>BPE</c>): each char of the word becomes a symbol (with continuing-subword prefix /
/// end-of-word suffix, byte fallback and unknown-token fusing), then the lowest-ranked merge is applied until none is left.
/// </summary>
internal sealed class BpeModel : ITokenizerModel
{
    private readonly Dictionary<string, int> vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocabBySpan;
    private readonly string[] vocabR;
    private readonly MergeRankTable merges;
    private readonly WordCache<Token[]> cache = new();
    private readonly int[] byteFallbackIds;

    /// <param name="vocab">token → id.</param>
    /// <param name="merges">merge ranks built by <see cref="BpeMergeTable"/> over the same vocabulary.</param>
    /// <param name="options">the model's settings.</param>
    /// <remarks>Fully optimised from the first call: it runs once per load, over the whole vocabulary.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BpeModel(Dictionary<string, int> vocab, MergeRankTable merges, BpeOptions options)
    {
        this.vocab = vocab;
        vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        Options = options;
        var maxId = -1;
        foreach (var id in vocab.Values)
        {
            maxId = Math.Max(maxId, id);
        }

        vocabR = new string[maxId + 1];
        foreach (var (token, id) in vocab)
        {
            vocabR[id] = token;
        }

        this.merges = merges;
        byteFallbackIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            byteFallbackIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }

        if (options.UnkToken is not null && !vocab.ContainsKey(options.UnkToken))
        {
            UnkId = -1;
        }
        else
        {
            UnkId = options.UnkToken is null ? -1 : vocab[options.UnkToken];
        }
    }

    public BpeOptions Options { get; }

    private int UnkId { get; }

    public int VocabSize => vocab.Count;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < vocabR.Length ? vocabR[id] : null;

    public Token[] Tokenize(string word)
    {
        if (word.Length == 0)
        {
            return [];
        }

        if (Options.IgnoreMerges && vocab.TryGetValue(word, out var whole))
        {
            return [new Token(whole, word, 0, word.Length)];
        }

        if (cache.TryGet(word, out var cached))
        {
            return cached!;
        }

        var tokens = MergeWord(word);
        cache.Add(word, tokens);
        return tokens;
    }

    /// <summary>
    /// Appends the ids of <paramref name="word"/>'s tokens (those of <see cref="Tokenize(string)"/>); a word already in the
    /// cache costs no string (the ids-only encode's words are spans of a buffer).
    /// </summary>
    public void AppendIds(ReadOnlySpan<char> word, List<int> ids)
    {
        if (word.IsEmpty)
        {
            return;
        }

        var tokens = Lookup(word, out var whole);
        if (tokens is null)
        {
            ids.Add(whole);
            return;
        }

        foreach (var token in tokens)
        {
            ids.Add(token.Id);
        }
    }

    /// <summary>
    /// Appends <paramref name="word"/>'s tokens (those of <see cref="Tokenize(string)"/>, offsets in chars of the word); a word
    /// already in the cache costs no string (the span encode's words are spans of a buffer).
    /// </summary>
    public void AppendTokens(ReadOnlySpan<char> word, List<Token> output)
    {
        if (word.IsEmpty)
        {
            return;
        }

        var tokens = Lookup(word, out var whole);
        if (tokens is null)
        {
            output.Add(new Token(whole, word.ToString(), 0, word.Length));
            return;
        }

        output.AddRange(tokens);
    }

    /// <summary>
    /// The tokens of a non-empty <paramref name="word"/> (from the cache, or merged and cached); <see langword="null"/> when
    /// ignore_merges finds the whole word in the vocabulary (its id in <paramref name="wholeId"/>, no string made).
    /// </summary>
    private Token[]? Lookup(ReadOnlySpan<char> word, out int wholeId)
    {
        if (Options.IgnoreMerges && vocabBySpan.TryGetValue(word, out wholeId))
        {
            return null;
        }

        wholeId = -1;
        return cache.TryGet(word, out var tokens) ? tokens! : Tokenize(word.ToString());
    }

    private Token[] MergeWord(string w)
    {
        var scratch = mergeScratch ??= new MergeScratch();
        var symbols = scratch.Symbols;
        symbols.Clear();
        var unkId = -1;
        var unkStart = 0;
        var unkEnd = 0;
        var prefix = Options.ContinuingSubwordPrefix;
        var suffix = Options.EndOfWordSuffix;
        for (var i = 0; i < w.Length;)
        {
            var width = char.IsHighSurrogate(w[i]) && i + 1 < w.Length && char.IsLowSurrogate(w[i + 1]) ? 2 : 1;
            var end = i + width;
            var isFirst = i == 0;
            var isLast = end == w.Length;
            var hasPrefix = !isFirst && !string.IsNullOrEmpty(prefix);
            var hasSuffix = isLast && !string.IsNullOrEmpty(suffix);
            int id;
            bool found;
            string? composed = null;
            if (!hasPrefix && !hasSuffix)
            {
                found = vocabBySpan.TryGetValue(w.AsSpan(i, width), out id);
            }
            else
            {
                composed = string.Concat(hasPrefix ? prefix : string.Empty, w.AsSpan(i, width), hasSuffix ? suffix : string.Empty);
                found = vocab.TryGetValue(composed, out id);
            }

            if (found)
            {
                if (unkId >= 0)
                {
                    symbols.Add(new Symbol(unkId, unkStart, unkEnd));
                    unkId = -1;
                }

                symbols.Add(new Symbol(id, i, end));
            }
            else
            {
                if (Options.ByteFallback && TryByteFallback(composed is null ? w.AsSpan(i, width) : composed.AsSpan(), i, end, symbols))
                {
                    i = end;
                    continue;
                }

                if (Options.UnkToken is not null)
                {
                    if (UnkId < 0)
                    {
                        throw new InvalidOperationException($"the BPE unk_token '{Options.UnkToken}' is not in the vocabulary");
                    }

                    if (unkId >= 0 && Options.FuseUnk)
                    {
                        unkEnd = end;
                    }
                    else
                    {
                        if (unkId >= 0)
                        {
                            symbols.Add(new Symbol(unkId, unkStart, unkEnd));
                        }

                        unkId = UnkId;
                        unkStart = i;
                        unkEnd = end;
                    }
                }
            }

            i = end;
        }

        if (unkId >= 0)
        {
            symbols.Add(new Symbol(unkId, unkStart, unkEnd));
        }

        var merged = MergeAll(symbols, scratch);
        var tokens = new Token[merged.Count];
        for (var k = 0; k < merged.Count; k++)
        {
            var s = merged[k];
            tokens[k] = new Token(s.Id, vocabR[s.Id], s.Start, s.End);
        }

        if (symbols.Capacity > MergeScratch.KeptCapacity)
        {
            mergeScratch = null; // do not keep a huge word's buffers alive on the thread
        }

        return tokens;
    }

    private bool TryByteFallback(ReadOnlySpan<char> s, int start, int end, List<Symbol> symbols)
    {
        var maxBytes = System.Text.Encoding.UTF8.GetMaxByteCount(s.Length);
        var buffer = maxBytes <= 256 ? stackalloc byte[256] : new byte[maxBytes];
        var bytes = buffer[..System.Text.Encoding.UTF8.GetBytes(s, buffer)];
        foreach (var b in bytes)
        {
            if (byteFallbackIds[b] < 0)
            {
                return false;
            }
        }

        foreach (var b in bytes)
        {
            symbols.Add(new Symbol(byteFallbackIds[b], start, end));
        }

        return true;
    }

    private List<Symbol> MergeAll(List<Symbol> symbols, MergeScratch scratch)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return symbols;
        }

        scratch.EnsureSize(n);
        var prev = scratch.Prev;
        var next = scratch.Next;
        var removed = scratch.Removed;
        Array.Clear(removed, 0, n);
        var ids = scratch.Ids;
        var starts = scratch.Starts;
        var ends = scratch.Ends;
        for (var i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            ids[i] = symbols[i].Id;
            starts[i] = symbols[i].Start;
            ends[i] = symbols[i].End;
        }

        var queue = scratch.Queue;
        queue.Clear();
        for (var i = 0; i + 1 < n; i++)
        {
            if (merges.TryGetValue(ids[i], ids[i + 1], out var m))
            {
                queue.Enqueue((i, m.NewId), (m.Rank, i));
            }
        }

        while (queue.TryDequeue(out var top, out _))
        {
            var pos = top.Pos;
            if (removed[pos] || next[pos] == -1)
            {
                continue;
            }

            var right = next[pos];
            if (!merges.TryGetValue(ids[pos], ids[right], out var current) || current.NewId != top.NewId)
            {
                continue;
            }

            ids[pos] = top.NewId;
            ends[pos] = ends[right];
            removed[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0)
            {
                prev[next[right]] = pos;
            }

            if (prev[pos] >= 0 && merges.TryGetValue(ids[prev[pos]], ids[pos], out var left))
            {
                queue.Enqueue((prev[pos], left.NewId), (left.Rank, prev[pos]));
            }

            if (next[pos] >= 0 && merges.TryGetValue(ids[pos], ids[next[pos]], out var after))
            {
                queue.Enqueue((pos, after.NewId), (after.Rank, pos));
            }
        }

        var result = scratch.Merged;
        result.Clear();
        for (var i = 0; i < n; i++)
        {
            if (!removed[i])
            {
                result.Add(new Symbol(ids[i], starts[i], ends[i]));
            }
        }

        return result;
    }

    private readonly record struct Symbol(int Id, int Start, int End);

    /// <summary>Per-thread buffers of <see cref="MergeWord"/> (a word missing from the cache allocated them all afresh).</summary>
    [ThreadStatic]
    private static MergeScratch? mergeScratch;

    /// <summary>The symbol lists, linked-list arrays and merge queue one word's merging works in.</summary>
    private sealed class MergeScratch
    {
        /// <summary>Buffers grown past this many symbols are not kept on the thread.</summary>
        public const int KeptCapacity = ScratchLimits.KeptCapacity;

        public List<Symbol> Symbols { get; } = new(64);

        public List<Symbol> Merged { get; } = new(64);

        public PriorityQueue<(int Pos, int NewId), (int Rank, int Pos)> Queue { get; } = new(64);

        public int[] Prev { get; private set; } = [];

        public int[] Next { get; private set; } = [];

        public bool[] Removed { get; private set; } = [];

        public int[] Ids { get; private set; } = [];

        public int[] Starts { get; private set; } = [];

        public int[] Ends { get; private set; } = [];

        /// <summary>Makes every array hold at least <paramref name="n"/> entries.</summary>
        public void EnsureSize(int n)
        {
            if (Prev.Length >= n)
            {
                return;
            }

            var size = Math.Max(64, n * 2);
            Prev = new int[size];
            Next = new int[size];
            Removed = new bool[size];
            Ids = new int[size];
            Starts = new int[size];
            Ends = new int[size];
        }
    }
}

/// <summary>BPE settings from tokenizer.json.</summary>
internal sealed record BpeOptions(
    string? UnkToken,
    string? ContinuingSubwordPrefix,
    string? EndOfWordSuffix,
    bool FuseUnk,
    bool ByteFallback,
    bool IgnoreMerges);

/// <summary>A merge references a token that is not in the vocabulary (HF refuses such files).</summary>
internal sealed class BpeMergeException(int index, string token)
    : Exception($"merge #{index} uses '{token}', which is not in the vocabulary")
{
    public int Index { get; } = index;
}
