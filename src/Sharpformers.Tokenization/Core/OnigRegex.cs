using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// A .NET regex that behaves like the Oniguruma regexes HF tokenizers compiles, over code points: .NET matches UTF-16
/// chars, so a letter or digit outside the BMP would be two <c>Cs</c> chars and fail <c>\p{L}</c>. Before matching, each
/// surrogate pair is replaced by two copies of a BMP char of the same Unicode category (offsets stay the same).
/// </summary>
internal sealed class OnigRegex
{
    private readonly Regex regex;

    public OnigRegex(string pattern)
    {
        Pattern = pattern;
        regex = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>All non-overlapping matches, left to right, as (start, end) in UTF-16 chars.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        var result = new List<(int Start, int End)>();
        var subject = HasSurrogates(text) ? ProxyAstral(text) : text;
        foreach (var m in regex.EnumerateMatches(subject))
        {
            result.Add((m.Index, m.Index + m.Length));
        }

        return result;
    }

    private static bool HasSurrogates(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string ProxyAstral(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && char.IsLowSurrogate(chars[i + 1]))
            {
                var category = Rune.GetUnicodeCategory(new Rune(chars[i], chars[i + 1]));
                var proxy = Representative(category);
                chars[i] = proxy;
                chars[i + 1] = proxy;
                i++;
            }
        }

        return new string(chars);
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
