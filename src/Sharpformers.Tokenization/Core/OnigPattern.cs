using System.Globalization;
using System.Text;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Turns an Oniguruma pattern (as tokenizer.json holds it) into the .NET pattern <see cref="OnigRegex"/> runs over its
/// proxy text. .NET's <c>\w</c> is not Oniguruma's, and Oniguruma's own differs inside and outside brackets, so
/// <c>\w</c> becomes an explicit class of the BMP ranges of <see cref="OnigWord"/> (outside brackets) or
/// <see cref="OnigWordInClass"/> (inside), and <c>\W</c> outside brackets its negation. A supplementary code point
/// reaches the regex as a BMP representative with the same category and the same answers to both tables
/// (<see cref="Representative"/>).
/// </summary>
internal static class OnigPattern
{
    private static readonly Lazy<string> WordBody = new(() => ClassBody(OnigWord.Ranges));
    private static readonly Lazy<string> WordInClassBody = new(() => ClassBody(OnigWordInClass.Ranges));
    private static readonly Lazy<Dictionary<(UnicodeCategory, bool, bool), char>> Representatives = new(BuildRepresentatives);

    /// <summary>The .NET form of <paramref name="pattern"/>; <paramref name="usesWord"/> tells whether it had <c>\w</c> or <c>\W</c>.</summary>
    public static string Translate(string pattern, out bool usesWord)
    {
        usesWord = false;
        if (!pattern.Contains("\\w", StringComparison.OrdinalIgnoreCase))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length);
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next == 'w')
                {
                    usesWord = true;
                    sb.Append(depth > 0 ? WordInClassBody.Value : WordBody.Value.Length == 0 ? "(?!)" : "[" + WordBody.Value + "]");
                }
                else if (next == 'W' && depth == 0)
                {
                    usesWord = true;
                    sb.Append(WordBody.Value.Length == 0 ? @"[\s\S]" : "[^" + WordBody.Value + "]");
                }
                else
                {
                    sb.Append(c).Append(next);
                }

                continue;
            }

            if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && depth > 0)
            {
                depth--;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A BMP char standing for code point <paramref name="cp"/> of Oniguruma category <paramref name="category"/> in a
    /// translated pattern that uses <c>\w</c>: same category, same <see cref="OnigWord"/> and <see cref="OnigWordInClass"/>
    /// answers (<paramref name="fallback"/> when no BMP char has them).
    /// </summary>
    public static char Representative(int cp, UnicodeCategory category, char fallback) =>
        Representatives.Value.TryGetValue((category, OnigWord.Contains(cp), OnigWordInClass.Contains(cp)), out var c) ? c : fallback;

    private static Dictionary<(UnicodeCategory, bool, bool), char> BuildRepresentatives()
    {
        var map = new Dictionary<(UnicodeCategory, bool, bool), char>();
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF || UnicodeChars.IsWhitespace(c))
            {
                continue;
            }

            map.TryAdd((OnigCategories.Get(c), OnigWord.Contains(c), OnigWordInClass.Contains(c)), (char)c);
        }

        return map;
    }

    private static string ClassBody(ReadOnlySpan<int> ranges)
    {
        var sb = new StringBuilder();
        for (var i = 0; i + 1 < ranges.Length && ranges[i] <= 0xFFFF; i += 2)
        {
            var first = ranges[i];
            var last = Math.Min(ranges[i + 1], 0xFFFF);
            sb.Append($"\\u{first:X4}");
            if (last > first)
            {
                sb.Append($"-\\u{last:X4}");
            }
        }

        return sb.ToString();
    }
}
