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
}
