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
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split) : IPreTokenizer
{
    private readonly string replacementString = replacement.ToString();
    private readonly SplitPattern splitPattern = SplitPattern.Char(c => c == replacement);

    public void PreTokenize(PreTokenizedString text) => text.Split((_, piece, output) =>
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
    });
}
