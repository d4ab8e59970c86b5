using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>Splits on a pattern with a delimiter behavior, optionally inverted (HF <c>Split</c>, and the base of most others).</summary>
internal sealed class SplitPreTokenizer(SplitPattern pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    /// <summary>The split step, made once (a lambda built in <see cref="PreTokenize"/> would be a new delegate per encode).</summary>
    private readonly Action<int, NormalizedString, List<NormalizedString>> splitter =
        (_, piece, output) => NormalizedStringSplitter.Split(piece, pattern, behavior, invert, output);

    public void PreTokenize(PreTokenizedString text) => text.Split(splitter);

    /// <summary>Appends the ranges of the pieces <see cref="PreTokenize"/> makes of <paramref name="text"/> (no slices).</summary>
    public void AppendRanges(string text, List<(int Start, int End)> output) =>
        NormalizedStringSplitter.SplitRanges(text, pattern, behavior, invert, output);

    /// <summary>HF <c>WhitespaceSplit</c>: split on whitespace, removing it.</summary>
    public static SplitPreTokenizer WhitespaceSplit() => new(SplitPattern.Char(UnicodeChars.IsWhitespace), SplitBehavior.Removed, false);

    /// <summary>HF <c>Whitespace</c>: Rust regex <c>\w+|[^\w\s]+</c> kept, the rest removed.</summary>
    public static SplitPreTokenizer Whitespace() => new(SplitPattern.Runs(RustWord.Contains, UnicodeChars.IsWhitespace), SplitBehavior.Removed, true);

    /// <summary>HF <c>Punctuation</c>.</summary>
    public static SplitPreTokenizer Punctuation(SplitBehavior behavior) => new(SplitPattern.Char(UnicodeChars.IsBertPunctuation), behavior, false);

    /// <summary>HF <c>Digits</c>.</summary>
    public static SplitPreTokenizer Digits(bool individual) =>
        new(SplitPattern.Char(RustNumeric.Contains), individual ? SplitBehavior.Isolated : SplitBehavior.Contiguous, false);

    /// <summary>HF <c>CharDelimiterSplit</c>.</summary>
    public static SplitPreTokenizer CharDelimiter(char delimiter) => new(SplitPattern.Char(c => c == delimiter), SplitBehavior.Removed, false);
}
