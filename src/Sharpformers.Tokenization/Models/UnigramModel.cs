using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Models;

/// <summary>
/// SentencePiece's unigram language model (HF <c>Unigram</c>): the Viterbi best segmentation by summed log-probability,
/// unknown chars scored <c>min_score - 10</c> and fused, optional byte fallback.
/// </summary>
internal sealed class UnigramModel : ITokenizerModel
{
    private const double UnkPenalty = 10.0;

    private readonly (string Piece, double Score)[] pieces;
    private readonly Dictionary<string, int> tokenToId;
    private readonly CharTrie trie = new();
    private readonly int? unkId;
    private readonly bool byteFallback;
    private readonly double minScore;
    private readonly WordCache<Token[]> cache = new();

    public UnigramModel((string Piece, double Score)[] pieces, int? unkId, bool byteFallback)
    {
        this.pieces = pieces;
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        tokenToId = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        minScore = double.MaxValue;
        for (var i = 0; i < pieces.Length; i++)
        {
            tokenToId[pieces[i].Piece] = i;
            minScore = Math.Min(minScore, pieces[i].Score);
        }

        foreach (var (piece, id) in tokenToId)
        {
            if (piece.Length > 0)
            {
                trie.Insert(piece, id);
            }
        }
    }

    public int VocabSize => pieces.Length;

    public int? TokenToId(string token) => tokenToId.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < pieces.Length ? pieces[id].Piece : null;

    public Token[] Tokenize(string word)
    {
        if (word.Length == 0)
        {
            return [];
        }

        if (cache.TryGet(word, out var cached))
        {
            return cached!;
        }

        var tokens = new List<Token>();
        var offset = 0;
        foreach (var piece in Segment(word))
        {
            var length = piece.Length;
            if (tokenToId.TryGetValue(piece, out var id))
            {
                tokens.Add(new Token(id, piece, offset, offset + length));
            }
            else if (byteFallback && TryBytes(piece, offset, tokens))
            {
            }
            else
            {
                var unk = unkId ?? throw new InvalidOperationException("the Unigram model has no unk_id");
                tokens.Add(new Token(unk, pieces[unk].Piece, offset, offset + length));
            }

            offset += length;
        }

        var result = tokens.ToArray();
        cache.Add(word, result);
        return result;
    }

    private bool TryBytes(string piece, int offset, List<Token> tokens)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(piece);
        var ids = new int[bytes.Length];
        for (var k = 0; k < bytes.Length; k++)
        {
            if (!tokenToId.TryGetValue($"<0x{bytes[k]:X2}>", out ids[k]))
            {
                return false;
            }
        }

        for (var k = 0; k < bytes.Length; k++)
        {
            tokens.Add(new Token(ids[k], $"<0x{bytes[k]:X2}>", offset, offset + piece.Length));
        }

        return true;
    }

    private List<string> Segment(string text)
    {
        var size = text.Length;
        var unkScore = minScore - UnkPenalty;
        var bestScore = new double[size + 1];
        var startsAt = new int[size + 1];
        var ids = new int[size + 1];
        Array.Fill(startsAt, -1);
        var matches = new List<(int Length, int Value)>();
        for (var start = 0; start < size;)
        {
            var scoreTillHere = bestScore[start];
            var charLength = char.IsHighSurrogate(text[start]) && start + 1 < size && char.IsLowSurrogate(text[start + 1]) ? 2 : 1;
            var hasSingleNode = false;
            matches.Clear();
            trie.CommonPrefixSearch(text, start, matches);
            foreach (var (length, id) in matches)
            {
                var end = start + length;
                if (end < size && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
                {
                    continue;
                }

                var candidate = pieces[id].Score + scoreTillHere;
                if (startsAt[end] < 0 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    ids[end] = id;
                }

                if (length == charLength)
                {
                    hasSingleNode = true;
                }
            }

            if (!hasSingleNode)
            {
                var end = start + charLength;
                var candidate = unkScore + scoreTillHere;
                if (startsAt[end] < 0 || candidate > bestScore[end])
                {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    ids[end] = unkId ?? throw new InvalidOperationException("the Unigram model has no unk_id");
                }
            }

            start += charLength;
        }

        var results = new List<string>();
        var fused = new List<string>();
        for (var end = size; end > 0;)
        {
            var start = startsAt[end];
            if (unkId is not null && ids[end] == unkId)
            {
                fused.Add(text[start..end]);
            }
            else
            {
                if (fused.Count > 0)
                {
                    fused.Reverse();
                    results.Add(string.Concat(fused));
                    fused.Clear();
                }

                results.Add(text[start..end]);
            }

            end = start;
        }

        if (fused.Count > 0)
        {
            fused.Reverse();
            results.Add(string.Concat(fused));
        }

        results.Reverse();
        return results;
    }
}
