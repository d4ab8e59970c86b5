using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>When Metaspace adds the replacement char in front of a word (HF <c>PrependScheme</c>).</summary>
internal enum PrependScheme
{
    Always,
    Never,
    First,
}

/// <summary>Replaces spaces by ▁, prepends it per <see cref="PrependScheme"/>, optionally splits before each ▁ (HF <c>Metaspace</c>).</summary>
internal sealed class MetaspacePreTokenizer : IPreTokenizer
{
    private readonly char replacement;
    private readonly PrependScheme prependScheme;
    private readonly bool split;
    private readonly string replacementString;
    private readonly SplitPattern splitPattern;
    private readonly Action<int, NormalizedString, List<NormalizedString>> splitter;

    public MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split)
    {
        this.replacement = replacement;
        this.prependScheme = prependScheme;
        this.split = split;
        replacementString = replacement.ToString();
        splitPattern = SplitPattern.Char(c => c == replacement);
        splitter = SplitPiece; // made once: a lambda built in PreTokenize would be a new delegate per encode
    }

    public void PreTokenize(PreTokenizedString text) => text.Split(splitter);

    private void SplitPiece(int index, NormalizedString piece, List<NormalizedString> output)
    {
        piece.Replace(' ', replacementString);
        var prepend = prependScheme switch
        {
            PrependScheme.Always => !piece.Text.StartsWith(replacement),
            PrependScheme.First => !piece.Text.StartsWith(replacement) && piece.OriginalStart == 0,
            _ => false,
        };
        if (prepend)
        {
            piece.Prepend(replacementString);
        }

        if (split)
        {
            NormalizedStringSplitter.Split(piece, splitPattern, SplitBehavior.MergedWithNext, false, output);
        }
        else
        {
            output.Add(piece);
        }
    }
}
