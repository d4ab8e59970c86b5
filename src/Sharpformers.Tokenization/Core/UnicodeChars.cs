using System.Globalization;
using System.Text;

namespace Sharpformers.Tokenization.Core;

/// <summary>Rust <c>char</c> predicates that HF tokenizers uses, over code points.</summary>
internal static class UnicodeChars
{
    /// <summary>.NET's general category of a code point (its own Unicode version).</summary>
    public static UnicodeCategory DotNetCategory(int cp) => cp < 0x10000
        ? CharUnicodeInfo.GetUnicodeCategory((char)cp)
        : Rune.GetUnicodeCategory(new Rune(cp));

    /// <summary>The general category HF's Rust code sees (unicode_categories tables).</summary>
    public static UnicodeCategory Category(int cp) => DotNetCategory(cp);

    /// <summary>Rust <c>char::is_whitespace</c> (the White_Space property).</summary>
    public static bool IsWhitespace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Rust <c>char::is_alphanumeric</c>: Alphabetic or Numeric.</summary>
    public static bool IsAlphanumeric(int cp)
    {
        var c = Category(cp);
        return c is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.OtherNumber;
    }

    /// <summary>Unicode punctuation (P*).</summary>
    public static bool IsPunctuation(int cp) => Category(cp) is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>HF <c>is_bert_punc</c> / <c>is_punc</c>: ASCII punctuation or Unicode punctuation.</summary>
    public static bool IsBertPunctuation(int cp) =>
        (cp < 0x80 && (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)) || RustCategories.IsPunctuation(cp);

    /// <summary>Non-spacing mark (Mn): what BertNormalizer's accent stripping removes.</summary>
    public static bool IsNonSpacingMark(int cp) => Category(cp) == UnicodeCategory.NonSpacingMark;

    /// <summary>
    /// Rust's full lowercase mapping of one code point (ToLowerInvariant plus the one multi-char case), written into
    /// <paramref name="destination"/> (at least two chars) without allocating; returns the number of chars written.
    /// </summary>
    public static int ToLower(int cp, Span<char> destination)
    {
        if (cp == 0x130)
        {
            destination[0] = 'i';
            destination[1] = '\u0307';
            return 2;
        }

        if (RustLowercase.TryGetOverride(cp, out var hf))
        {
            return new Rune(hf).EncodeToUtf16(destination);
        }

        return Rune.ToLowerInvariant(new Rune(cp)).EncodeToUtf16(destination);
    }

    /// <summary>Reads the code point at <paramref name="i"/> and its UTF-16 width.</summary>
    public static int CodePointAt(string s, int i, out int width) => CodePointAt(s.AsSpan(), i, out width);

    /// <summary>Reads the code point at <paramref name="i"/> of a span and its UTF-16 width.</summary>
    public static int CodePointAt(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, s[i + 1]);
        }

        width = 1;
        return c;
    }
}
