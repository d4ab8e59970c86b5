using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>
/// The words of a byte-level pre-tokenization written straight into a <see cref="WordBuffer"/> for the span encodes:
/// <c>ByteLevel</c> alone (GPT-2), or a <c>Split</c> then <c>ByteLevel</c> without its regex (Qwen, Llama-3). Gives the
/// same words, in the same order, as <see cref="IPreTokenizer.PreTokenize"/> followed by reading each split's text.
/// </summary>
internal sealed class ByteLevelWords
{
    private readonly SplitPreTokenizer? split;
    private readonly ByteLevelPreTokenizer byteLevel;

    private ByteLevelWords(SplitPreTokenizer? split, ByteLevelPreTokenizer byteLevel)
    {
        this.split = split;
        this.byteLevel = byteLevel;
    }

    /// <summary>The word writer for <paramref name="preTokenizer"/>, or <see langword="null"/> when it has another shape.</summary>
    public static ByteLevelWords? TryCreate(IPreTokenizer? preTokenizer) => preTokenizer switch
    {
        ByteLevelPreTokenizer byteLevel => new ByteLevelWords(null, byteLevel),
        SequencePreTokenizer { Steps: [SplitPreTokenizer split, ByteLevelPreTokenizer { UsesRegex: false } byteLevel] } =>
            new ByteLevelWords(split, byteLevel),
        _ => null,
    };

    /// <summary>Writes the words of one split's (normalized) text into <paramref name="words"/>, each char aligned with the text's char it came from.</summary>
    public void Append(string text, WordBuffer words)
    {
        if (split is null)
        {
            byteLevel.AppendWords(text, words);
            return;
        }

        var ranges = words.Ranges;
        ranges.Clear();
        split.AppendRanges(text, ranges);
        foreach (var (start, end) in ranges)
        {
            byteLevel.AppendWord(text.AsSpan(start, end - start), start, words);
        }
    }
}
