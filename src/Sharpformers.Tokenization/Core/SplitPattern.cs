namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Something that finds delimiters in a string: a literal, a regex or a char predicate (HF <c>Pattern</c>).
/// <see cref="FindMatches"/> covers the whole input with (start, end, isMatch) pieces.
/// </summary>
internal abstract class SplitPattern
{
    public abstract void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output);

    /// <summary>The literal text when this is a literal pattern (fast paths use ordinal search), else null.</summary>
    public virtual string? LiteralText => null;

    public static SplitPattern Literal(string literal) => literal.Length == 0
        ? new NeverPattern()
        : new LiteralPattern(literal);

    public static SplitPattern FromRegex(string pattern) => new RegexPattern(RegexCache.Get(pattern));

    public static SplitPattern Char(Func<int, bool> predicate) => new CharPattern(predicate);

    /// <summary>
    /// Matches <c>\w+|[^\w\s]+</c> over code points: maximal runs of word chars, and of chars that are neither word
    /// chars nor spaces, by the given predicates (HF's <c>Whitespace</c> pre-tokenizer, whose regex is Rust's).
    /// </summary>
    public static SplitPattern Runs(Func<int, bool> isWord, Func<int, bool> isSpace) => new RunsPattern(isWord, isSpace);

    private sealed class NeverPattern : SplitPattern
    {
        public override void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output) =>
            output.Add((0, text.Length, false));
    }

    private sealed class LiteralPattern(string literal) : SplitPattern
    {
        public override string? LiteralText => literal;

        public override void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output)
        {
            if (text.Length == 0)
            {
                output.Add((0, 0, false));
                return;
            }

            var prev = 0;
            for (var at = text.IndexOf(literal, StringComparison.Ordinal); at >= 0; at = text.IndexOf(literal, prev, StringComparison.Ordinal))
            {
                if (prev != at)
                {
                    output.Add((prev, at, false));
                }

                output.Add((at, at + literal.Length, true));
                prev = at + literal.Length;
                if (prev >= text.Length)
                {
                    break;
                }
            }

            if (prev != text.Length)
            {
                output.Add((prev, text.Length, false));
            }
        }
    }

    private sealed class RegexPattern(OnigRegex regex) : SplitPattern
    {
        /// <summary>Per-thread list the matches are gathered in (one pattern search runs per split of every encode).</summary>
        [ThreadStatic]
        private static List<(int Start, int End)>? matchScratch;

        public override void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output)
        {
            if (text.Length == 0)
            {
                output.Add((0, 0, false));
                return;
            }

            var matches = matchScratch ?? new List<(int Start, int End)>(64);
            matchScratch = null;
            matches.Clear();
            regex.Matches(text, matches);
            var prev = 0;
            foreach (var (start, end) in matches)
            {
                if (prev != start)
                {
                    output.Add((prev, start, false));
                }

                output.Add((start, end, true));
                prev = end;
            }

            if (prev != text.Length)
            {
                output.Add((prev, text.Length, false));
            }

            matches.Clear();
            if (matches.Capacity <= ScratchLimits.KeptCapacity)
            {
                matchScratch = matches;
            }
        }
    }

    private sealed class CharPattern(Func<int, bool> predicate) : SplitPattern
    {
        public override void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output)
        {
            var lastOffset = 0;
            var i = 0;
            while (i < text.Length)
            {
                var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var cp = width == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
                if (predicate(cp))
                {
                    if (lastOffset < i)
                    {
                        output.Add((lastOffset, i, false));
                    }

                    output.Add((i, i + width, true));
                    lastOffset = i + width;
                }

                i += width;
            }

            if (text.Length > lastOffset)
            {
                output.Add((lastOffset, text.Length, false));
            }

            if (text.Length == 0)
            {
                output.Add((0, 0, false));
            }
        }
    }

    private sealed class RunsPattern(Func<int, bool> isWord, Func<int, bool> isSpace) : SplitPattern
    {
        public override void FindMatches(string text, List<(int Start, int End, bool IsMatch)> output)
        {
            if (text.Length == 0)
            {
                output.Add((0, 0, false));
                return;
            }

            // 0: space, 1: word, 2: other; a match is a maximal run of 1s or of 2s.
            var prev = 0;
            var runStart = 0;
            var runKind = 0;
            for (var i = 0; i <= text.Length;)
            {
                var kind = 0;
                var width = 1;
                if (i < text.Length)
                {
                    var cp = UnicodeChars.CodePointAt(text, i, out width);
                    kind = isWord(cp) ? 1 : isSpace(cp) ? 0 : 2;
                }

                if (kind != runKind || i == text.Length)
                {
                    if (runKind != 0 && runStart < i)
                    {
                        if (prev < runStart)
                        {
                            output.Add((prev, runStart, false));
                        }

                        output.Add((runStart, i, true));
                        prev = i;
                    }

                    runStart = i;
                    runKind = kind;
                }

                i += width;
            }

            if (prev < text.Length)
            {
                output.Add((prev, text.Length, false));
            }
        }
    }
}
