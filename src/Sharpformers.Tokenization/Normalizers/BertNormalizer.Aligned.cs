using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>
/// <see cref="BertNormalizer.Normalize"/> over an <see cref="AlignedText"/> in per-thread buffers: the same text, each char
/// aligned with the source chars the aligned path would align it with, without a new string or alignment arrays per
/// step (the span encodes).
/// </summary>
internal sealed partial class BertNormalizer
{
    /// <summary>Per-thread pair of texts the steps of <see cref="NormalizeAligned"/> write into, in turn.</summary>
    [ThreadStatic]
    private static AlignedText[]? alignedScratch;

    /// <summary>
    /// Normalizes <paramref name="text"/> as <see cref="Normalize"/> would, into a per-thread <see cref="AlignedText"/>
    /// whose chars are aligned with chars of <paramref name="text"/>. The result is per-thread scratch shared by every
    /// <see cref="BertNormalizer"/>: it is valid only until the next <see cref="NormalizeAligned"/> call on this thread, on
    /// this normalizer or any other, so a caller reads it before normalizing anything else.
    /// </summary>
    public AlignedText NormalizeAligned(ReadOnlySpan<char> text)
    {
        var texts = alignedScratch ??= [new AlignedText(), new AlignedText()];
        var current = texts[0];
        var next = texts[1];
        current.SetIdentity(text);
        if (cleanText && (!RemovesNothing(current.Chars) || HasWhitespaceOtherThanSpace(current.Chars)))
        {
            CleanText(current, next);
            (current, next) = (next, current);
        }

        if (handleChineseChars && HasChineseChar(current.Chars))
        {
            PadChineseChars(current, next);
            (current, next) = (next, current);
        }

        if (stripAccents ?? lowercase)
        {
            Decompose(current, next);
            next.RemoveCodePoints(IsNonSpacingMark);
            (current, next) = (next, current);
        }

        if (lowercase)
        {
            Lowercase(current, next);
            (current, next) = (next, current);
        }

        if (!current.IsWorthKeeping || !next.IsWorthKeeping)
        {
            alignedScratch = null; // do not keep a huge text's buffers alive on the thread
        }

        return current;
    }

    private static void CleanText(AlignedText source, AlignedText destination)
    {
        destination.Clear();
        var s = source.Chars;
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
                destination.Append(' ', source.FirstSource(i), source.LastSource(i));
            }
            else
            {
                destination.AppendRange(source, i, i + width);
            }

            i += width;
        }
    }

    private static void PadChineseChars(AlignedText source, AlignedText destination)
    {
        destination.Clear();
        var s = source.Chars;
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            var chinese = IsChinese(cp);
            if (chinese)
            {
                destination.Append(' ', source.FirstSource(i), source.LastSource(i));
            }

            destination.AppendRange(source, i, i + width);
            if (chinese)
            {
                destination.Append(' ', source.FirstSource(i), source.LastSource(i));
            }

            i += width;
        }
    }

    /// <summary>NFD as <see cref="NormalizedString.UnicodeNormalize(NormalizationForm, Func{int, bool}?)"/> does it: code points HF's tables do not know kept as they are, the rest range by range.</summary>
    private static void Decompose(AlignedText source, AlignedText destination)
    {
        destination.Clear();
        var s = source.Chars;
        var from = 0;
        var keep = NormalizedString.IndexOfHfUnnormalized(s, 0);
        while (keep >= 0)
        {
            var width = char.IsHighSurrogate(s[keep]) ? 2 : 1;
            DecomposeRange(source, from, keep, destination);
            destination.AppendRange(source, keep, keep + width);
            from = keep + width;
            keep = NormalizedString.IndexOfHfUnnormalized(s, from);
        }

        DecomposeRange(source, from, s.Length, destination);
    }

    /// <summary>
    /// Source chars [<paramref name="from"/>, <paramref name="to"/>) in NFD, aligned segment by segment when the segments'
    /// forms join into the whole range's, as a whole otherwise (the alignment of <see cref="NormalizedString"/>'s NFD).
    /// </summary>
    private static void DecomposeRange(AlignedText source, int from, int to, AlignedText destination)
    {
        var range = source.Chars[from..to];
        if (range.IsEmpty || range.IsNormalized(NormalizationForm.FormD))
        {
            destination.AppendRange(source, from, to);
            return;
        }

        var segments = NormalizationSegments.Take();
        if (segments.Split(source.Chars, from, to, NormalizationForm.FormD))
        {
            foreach (var (start, end, at, length) in segments.Segments)
            {
                AppendSegment(source, start, end, segments.Form(at, length), destination);
            }
        }
        else
        {
            AppendSegment(source, from, to, segments.Whole, destination);
        }

        NormalizationSegments.Return(segments);
    }

    /// <summary>A segment unchanged keeps its chars' alignments; a changed one aligns each of its chars with the whole segment.</summary>
    private static void AppendSegment(AlignedText source, int start, int end, ReadOnlySpan<char> normalized, AlignedText destination)
    {
        if (end - start == normalized.Length && source.Chars[start..end].SequenceEqual(normalized))
        {
            destination.AppendRange(source, start, end);
            return;
        }

        foreach (var c in normalized)
        {
            destination.Append(c, source.FirstSource(start), source.LastSource(end - 1));
        }
    }

    /// <summary>Rust's full lowercase: a code point that keeps its width keeps each char's alignment; one that changes it aligns its chars with its first char.</summary>
    private static void Lowercase(AlignedText source, AlignedText destination)
    {
        destination.Clear();
        var s = source.Chars;
        Span<char> lower = stackalloc char[2];
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp < 0x80)
            {
                destination.Append(cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp, source.FirstSource(i), source.LastSource(i));
            }
            else
            {
                var count = UnicodeChars.ToLower(cp, lower);
                for (var k = 0; k < count; k++)
                {
                    var at = count == width ? i + k : i;
                    destination.Append(lower[k], source.FirstSource(at), source.LastSource(at));
                }
            }

            i += width;
        }
    }
}
