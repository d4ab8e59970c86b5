namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The input being pre-tokenized: a list of splits, each a <see cref="NormalizedString"/> and, once known, its tokens
/// (splits that already have tokens, e.g. added tokens, are left alone by later stages). Mirrors HF PreTokenizedString.
/// </summary>
internal sealed class PreTokenizedString
{
    public PreTokenizedString(NormalizedString whole)
    {
        Splits.Add(new PreTokenizedSplit(whole, null));
    }

    public List<PreTokenizedSplit> Splits { get; private set; } = [];

    /// <summary>Replaces every split without tokens by the non-empty pieces <paramref name="splitter"/> returns.</summary>
    public void Split(Action<int, NormalizedString, List<NormalizedString>> splitter)
    {
        var result = new List<PreTokenizedSplit>(Splits.Count * 2);
        var pieces = new List<NormalizedString>();
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
                    result.Add(new PreTokenizedSplit(piece, null));
                }
            }
        }

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
