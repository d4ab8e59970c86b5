namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The input being pre-tokenized: a list of splits, each a <see cref="NormalizedString"/> and, once known, its tokens
/// (splits that already have tokens, e.g. added tokens, are left alone by later stages). Mirrors HF PreTokenizedString.
/// </summary>
internal sealed class PreTokenizedString
{
    /// <summary>The list the next <see cref="Split"/> fills (the previous step's, cleared), so the steps swap two lists.</summary>
    private List<PreTokenizedSplit> spare = [];

    /// <summary>The pieces of one split, reused across splits and steps.</summary>
    private readonly List<NormalizedString> pieces = [];

    public PreTokenizedString(NormalizedString whole)
    {
        Splits.Add(new PreTokenizedSplit(whole, null));
    }

    public List<PreTokenizedSplit> Splits { get; private set; } = [];

    /// <summary>Starts over with <paramref name="whole"/> as the only split, keeping the lists' storage (per-thread reuse).</summary>
    public void Reset(NormalizedString whole)
    {
        Splits.Clear();
        spare.Clear();
        Splits.Add(new PreTokenizedSplit(whole, null));
    }

    /// <summary>Drops every split (the lists keep their storage).</summary>
    public void Clear()
    {
        Splits.Clear();
        spare.Clear();
        pieces.Clear();
    }

    /// <summary>Removes the splits without tokens whose text is empty (what a split step drops).</summary>
    public void RemoveEmptySplits() => Splits.RemoveAll(static s => s.Tokens is null && s.Normalized.IsEmpty);

    /// <summary>Whether the lists are small enough to keep for the next text (a huge text's lists are dropped).</summary>
    public bool IsWorthKeeping => Splits.Capacity <= ScratchLimits.KeptCapacity && spare.Capacity <= ScratchLimits.KeptCapacity && pieces.Capacity <= ScratchLimits.KeptCapacity;

    /// <summary>
    /// Replaces every split without tokens by the non-empty pieces <paramref name="splitter"/> returns (a split returned
    /// as it was keeps its record).
    /// </summary>
    public void Split(Action<int, NormalizedString, List<NormalizedString>> splitter)
    {
        var result = spare;
        result.Clear();
        for (var i = 0; i < Splits.Count; i++)
        {
            var split = Splits[i];
            if (split.Tokens is not null)
            {
                result.Add(split);
                continue;
            }

            pieces.Clear();
            splitter(i, split.Normalized, pieces);
            foreach (var piece in pieces)
            {
                if (!piece.IsEmpty)
                {
                    result.Add(ReferenceEquals(piece, split.Normalized) ? split : new PreTokenizedSplit(piece, null));
                }
            }
        }

        pieces.Clear();
        spare = Splits;
        spare.Clear();
        Splits = result;
    }

    /// <summary>Splits that already carry tokens are kept; others are replaced by (piece, tokens?) pairs.</summary>
    public void SplitWithTokens(Func<NormalizedString, List<PreTokenizedSplit>> splitter)
    {
        var result = new List<PreTokenizedSplit>(Splits.Count * 2);
        foreach (var split in Splits)
        {
            if (split.Tokens is not null)
            {
                result.Add(split);
                continue;
            }

            foreach (var piece in splitter(split.Normalized))
            {
                if (!piece.Normalized.IsEmpty)
                {
                    result.Add(piece);
                }
            }
        }

        Splits = result;
    }
}

/// <summary>One split of a <see cref="PreTokenizedString"/>.</summary>
internal sealed record PreTokenizedSplit(NormalizedString Normalized, Token[]? Tokens)
{
    public Token[]? Tokens { get; set; } = Tokens;
}
