using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>Splits on whitespace (removed), then isolates every punctuation char (HF <c>BertPreTokenizer</c>).</summary>
internal sealed class BertPreTokenizer : IPreTokenizer
{
    private static readonly SplitPreTokenizer Spaces = SplitPreTokenizer.WhitespaceSplit();
    private static readonly SplitPreTokenizer Punctuation = SplitPreTokenizer.Punctuation(SplitBehavior.Isolated);

    public void PreTokenize(PreTokenizedString text)
    {
        Spaces.PreTokenize(text);
        Punctuation.PreTokenize(text);
    }

    /// <summary>
    /// Appends the (start, end) ranges of the words <see cref="PreTokenize"/> makes of <paramref name="text"/>: runs between
    /// whitespace, each punctuation code point on its own (the ids-only encode reads them as spans).
    /// </summary>
    public static void AppendRanges(ReadOnlySpan<char> text, List<(int Start, int End)> output)
    {
        var wordStart = -1;
        for (var i = 0; i < text.Length;)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var cp = width == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            var space = UnicodeChars.IsWhitespace(cp);
            if (space || UnicodeChars.IsBertPunctuation(cp))
            {
                if (wordStart >= 0)
                {
                    output.Add((wordStart, i));
                    wordStart = -1;
                }

                if (!space)
                {
                    output.Add((i, i + width));
                }
            }
            else if (wordStart < 0)
            {
                wordStart = i;
            }

            i += width;
        }

        if (wordStart >= 0)
        {
            output.Add((wordStart, text.Length));
        }
    }
}
