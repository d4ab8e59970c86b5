using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>BERT's cleanup, CJK padding, accent stripping and lowercasing (HF <c>BertNormalizer</c>).</summary>
internal sealed partial class BertNormalizer(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase) : INormalizer
{
    /// <summary>What the accent strip removes (one cached delegate: a method group would allocate one per call).</summary>
    private static readonly Func<int, bool> IsNonSpacingMark = RustCategories.IsNonSpacingMark;

    public void Normalize(NormalizedString text)
    {
        if (cleanText)
        {
            CleanText(text);
        }

        if (handleChineseChars)
        {
            PadChineseChars(text);
        }

        if (stripAccents ?? lowercase)
        {
            // NFD and the accent strip in one new text when NFD changes it; the strip alone otherwise.
            if (!text.UnicodeNormalize(System.Text.NormalizationForm.FormD, IsNonSpacingMark))
            {
                StripAccentsNormalizer.Apply(text, IsNonSpacingMark);
            }
        }

        if (lowercase)
        {
            LowercaseNormalizer.Apply(text);
        }
    }

    private static void CleanText(NormalizedString text)
    {
        var s = text.Text;
        if (RemovesNothing(s))
        {
            // Only whitespace (all of it in the BMP) becomes a space, char for char: the alignments stay as they are.
            if (HasWhitespaceOtherThanSpace(s))
            {
                text.ReplaceText(string.Create(s.Length, s, static (span, source) =>
                {
                    for (var i = 0; i < span.Length; i++)
                    {
                        var c = source[i];
                        span[i] = !char.IsSurrogate(c) && IsCleanedWhitespace(c) ? ' ' : c;
                    }
                }));
            }

            return;
        }

        var b = text.CreateBuilder();
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (IsRemovedByCleaning(cp))
            {
                i += width;
                continue;
            }

            if (IsCleanedWhitespace(cp))
            {
                b.Append(' ', i);
            }
            else
            {
                b.AppendRange(i, i + width);
            }

            i += width;
        }

        text.Apply(b);
    }

    /// <summary>What <see cref="CleanText(NormalizedString)"/> removes: NUL, U+FFFD and control characters.</summary>
    private static bool IsRemovedByCleaning(int cp) => cp == 0 || cp == 0xFFFD || RustCategories.IsControl(cp);

    /// <summary>What <see cref="CleanText(NormalizedString)"/> turns into a space.</summary>
    private static bool IsCleanedWhitespace(int cp) => cp is ' ' or '\t' or '\n' or '\r' || UnicodeChars.IsWhitespace(cp);

    /// <summary>Whether <see cref="CleanText(NormalizedString)"/> removes no code point of <paramref name="s"/>.</summary>
    private static bool RemovesNothing(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (IsRemovedByCleaning(cp))
            {
                return false;
            }

            i += width;
        }

        return true;
    }

    /// <summary>Whether <paramref name="s"/> holds whitespace that <see cref="CleanText(NormalizedString)"/> turns into a space.</summary>
    private static bool HasWhitespaceOtherThanSpace(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c != ' ' && !char.IsSurrogate(c) && IsCleanedWhitespace(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsChinese(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>Whether <paramref name="s"/> holds a code point <see cref="PadChineseChars(NormalizedString)"/> pads.</summary>
    private static bool HasChineseChar(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length;)
        {
            if (IsChinese(UnicodeChars.CodePointAt(s, i, out var width)))
            {
                return true;
            }

            i += width;
        }

        return false;
    }

    private static void PadChineseChars(NormalizedString text)
    {
        var s = text.Text;
        if (!HasChineseChar(s))
        {
            return;
        }

        var b = text.CreateBuilder(s.Length * 2);
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (IsChinese(cp))
            {
                b.Append(' ', i);
                b.AppendRange(i, i + width);
                b.Append(' ', i);
            }
            else
            {
                b.AppendRange(i, i + width);
            }

            i += width;
        }

        text.Apply(b);
    }
}
