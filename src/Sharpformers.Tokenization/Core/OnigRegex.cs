using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// A .NET regex that behaves like the Oniguruma regexes HF tokenizers compiles, over code points. .NET matches UTF-16
/// chars, so a class would see the two halves of a surrogate pair as two chars (and split the pair), and .NET's Unicode
/// tables are newer than Oniguruma's. So when the text has a surrogate pair or a char whose Oniguruma category differs
/// (<see cref="OnigCategories"/>), the regex runs over a proxy string with exactly one BMP char per code point, of the
/// code point's Oniguruma category, and match offsets are mapped back: a class can only ever match whole code points.
/// </summary>
internal sealed class OnigRegex
{
    private readonly Regex regex;
    private readonly bool usesWord;

    public OnigRegex(string pattern)
    {
        Pattern = pattern;
        regex = new Regex(OnigPattern.Translate(pattern, out usesWord), RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>All non-overlapping matches, left to right, as (start, end) in UTF-16 chars.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        var result = new List<(int Start, int End)>();
        Matches(text, result);
        return result;
    }

    /// <summary>Appends all non-overlapping matches, left to right, as (start, end) in UTF-16 chars.</summary>
    public void Matches(ReadOnlySpan<char> text, List<(int Start, int End)> result)
    {
        if (!NeedsProxy(text))
        {
            foreach (var m in regex.EnumerateMatches(text))
            {
                result.Add((m.Index, m.Index + m.Length));
            }

            return;
        }

        var proxy = ArrayPool<char>.Shared.Rent(text.Length);
        var offsets = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            var n = 0;
            for (var i = 0; i < text.Length;)
            {
                var c = text[i];
                offsets[n] = i;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var cp = char.ConvertToUtf32(c, text[i + 1]);
                    var category = OnigCategories.Get(cp);
                    proxy[n++] = usesWord ? OnigPattern.Representative(cp, category, Representative(category)) : Representative(category);
                    i += 2;
                }
                else
                {
                    proxy[n++] = c >= OnigCategories.FirstOverride && OnigCategories.TryGetOverride(c, out var category)
                        ? usesWord ? OnigPattern.Representative(c, category, Representative(category)) : Representative(category)
                        : c;
                    i++;
                }
            }

            offsets[n] = text.Length;
            foreach (var m in regex.EnumerateMatches(proxy.AsSpan(0, n)))
            {
                result.Add((offsets[m.Index], offsets[m.Index + m.Length]));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(proxy);
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    private static bool NeedsProxy(ReadOnlySpan<char> text)
    {
        var first = OnigCategories.FirstOverride;
        foreach (var c in text)
        {
            if (char.IsSurrogate(c) || (c >= first && OnigCategories.TryGetOverride(c, out _)))
            {
                return true;
            }
        }

        return false;
    }

    private static char Representative(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u0100',
        UnicodeCategory.LowercaseLetter => '\u0101',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u01BB',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00A1',
        UnicodeCategory.MathSymbol => '\u00AC',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u02C2',
        UnicodeCategory.OtherSymbol => '\u00A6',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        _ => '\u0378',
    };
}

/// <summary>Compiled regexes shared by every tokenizer of the process (keyed by pattern).</summary>
internal static class RegexCache
{
    private static readonly ConcurrentDictionary<string, OnigRegex> Cache = new(StringComparer.Ordinal);

    public static OnigRegex Get(string pattern) => Cache.GetOrAdd(pattern, static p => new OnigRegex(p));
}
