using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.Normalizers;

namespace Sharpformers.Tokenization.AddedTokens;

/// <summary>
/// The added tokens of a tokenizer (HF <c>AddedVocabulary</c>): their ids, which are special, and the two-pass split of
/// the input — tokens with <c>normalized: false</c> are found in the raw text, the others in the normalized text.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<string, AddedToken> byContent = new(StringComparer.Ordinal);
    private readonly Dictionary<int, AddedToken> byId = [];
    private readonly AddedTokenMatcher rawMatcher;
    private readonly AddedTokenMatcher normalizedMatcher;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer)
    {
        Tokens = tokens;
        foreach (var t in tokens)
        {
            byContent[t.Content] = t;
            byId[t.Id] = t;
        }

        var raw = new List<(string, AddedToken)>();
        var normalized = new List<(string, AddedToken)>();
        foreach (var t in tokens)
        {
            if (t.Normalized)
            {
                var n = NormalizedString.FromOriginal(t.Content);
                normalizer?.Normalize(n);
                normalized.Add((n.Text, t));
            }
            else
            {
                raw.Add((t.Content, t));
            }
        }

        rawMatcher = new AddedTokenMatcher(raw);
        normalizedMatcher = new AddedTokenMatcher(normalized);
    }

    public IReadOnlyList<AddedToken> Tokens { get; }

    public int? TokenToId(string token) => byContent.TryGetValue(token, out var t) ? t.Id : null;

    public string? IdToToken(int id) => byId.TryGetValue(id, out var t) ? t.Content : null;

    public bool IsSpecialId(int id) => byId.TryGetValue(id, out var t) && t.Special;

    public bool IsSpecialToken(string token) => byContent.TryGetValue(token, out var t) && t.Special;

    /// <summary>Whether some added token is matched after normalization (<c>normalized: true</c>): the text must be normalized before they are split out.</summary>
    public bool MatchesNormalizedText => !normalizedMatcher.IsEmpty;

    /// <summary>Splits out added tokens, normalizing the text between them (HF <c>extract_and_normalize</c>).</summary>
    public void ExtractAndNormalize(PreTokenizedString text, INormalizer? normalizer)
    {
        if (!rawMatcher.IsEmpty && AnyCandidate(text, rawMatcher))
        {
            text.SplitWithTokens(piece => SplitWith(piece, rawMatcher));
        }

        if (normalizedMatcher.IsEmpty)
        {
            // Nothing to match after normalizing: each split is normalized in place (no list or record per split).
            if (normalizer is not null)
            {
                foreach (var split in text.Splits)
                {
                    if (split.Tokens is null)
                    {
                        normalizer.Normalize(split.Normalized);
                    }
                }
            }

            text.RemoveEmptySplits();
            return;
        }

        text.SplitWithTokens(piece =>
        {
            normalizer?.Normalize(piece);
            return SplitWith(piece, normalizedMatcher);
        });
    }

    /// <summary>Whether an added token occurs at all in a split without tokens (without one, the split pass would change nothing).</summary>
    private static bool AnyCandidate(PreTokenizedString text, AddedTokenMatcher matcher)
    {
        foreach (var split in text.Splits)
        {
            if (split.Tokens is null && matcher.HasCandidate(split.Normalized.Text))
            {
                return true;
            }
        }

        return false;
    }

    private static List<PreTokenizedSplit> SplitWith(NormalizedString piece, AddedTokenMatcher matcher)
    {
        var result = new List<PreTokenizedSplit>();
        foreach (var (start, end, token) in matcher.FindMatches(piece.Text))
        {
            var slice = piece.Slice(start, end);
            result.Add(token is null
                ? new PreTokenizedSplit(slice, null)
                : new PreTokenizedSplit(slice, [new Token(token.Id, token.Content, 0, slice.Length)]));
        }

        return result;
    }
}
