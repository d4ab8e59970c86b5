using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>
/// The text <see cref="BertNormalizer.Normalize"/> gives, without alignments, in per-thread buffers: what the ids-only encode
/// needs (no new string or alignment arrays per step for text that is not ASCII).
/// </summary>
internal sealed partial class BertNormalizer
{
    /// <summary>Per-thread buffers the steps of <see cref="NormalizeText"/> write into, in turn.</summary>
    [ThreadStatic]
    private static char[][]? textScratch;

    /// <summary>
    /// Writes the normalized text of <paramref name="text"/> (the same chars <see cref="Normalize"/> leaves in a
    /// <see cref="NormalizedString"/>) into a per-thread buffer and returns it; valid until the next call on this thread.
    /// </summary>
    public ReadOnlySpan<char> NormalizeText(ReadOnlySpan<char> text)
    {
        var buffers = textScratch ??= [new char[256], new char[256]];
        var next = 0;
        var current = text;
        if (cleanText && !(RemovesNothing(current) && !HasWhitespaceOtherThanSpace(current)))
        {
            current = Write(buffers, ref next, current.Length, current, static (source, destination) => CleanText(source, destination));
        }

        if (handleChineseChars && HasChineseChar(current))
        {
            current = Write(buffers, ref next, current.Length * 3, current, static (source, destination) => PadChineseChars(source, destination));
        }

        if (stripAccents ?? lowercase)
        {
            current = DecomposeAndStrip(buffers, ref next, current);
        }

        if (lowercase)
        {
            current = Write(buffers, ref next, current.Length * 2, current, static (source, destination) => Lowercase(source, destination));
        }

        if (buffers[0].Length > ScratchLimits.KeptCapacity * 4 || buffers[1].Length > ScratchLimits.KeptCapacity * 4)
        {
            textScratch = null; // do not keep a huge text's buffers alive on the thread (the span stays valid)
        }

        return current;
    }

    /// <summary>A step writing at most <c>capacity</c> chars of <c>source</c>'s normalized form into <c>destination</c>.</summary>
    private delegate int TextStep(ReadOnlySpan<char> source, Span<char> destination);

    /// <summary>Runs <paramref name="step"/> into the buffer that does not hold <paramref name="source"/>.</summary>
    private static ReadOnlySpan<char> Write(char[][] buffers, scoped ref int next, int capacity, ReadOnlySpan<char> source, TextStep step)
    {
        var destination = Next(buffers, ref next, capacity);
        return destination.AsSpan(0, step(source, destination));
    }

    /// <summary>The buffer the next step writes into (the previous step's is the other one), grown to <paramref name="capacity"/>.</summary>
    private static char[] Next(char[][] buffers, ref int next, int capacity)
    {
        var index = next;
        next = 1 - next;
        if (buffers[index].Length < capacity)
        {
            buffers[index] = new char[Math.Max(capacity, buffers[index].Length * 2)];
        }

        return buffers[index];
    }

    private static int CleanText(ReadOnlySpan<char> s, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp == 0 || cp == 0xFFFD || IsControl(cp))
            {
                i += width;
                continue;
            }

            if (IsCleanedWhitespace(cp))
            {
                destination[written++] = ' ';
            }
            else
            {
                s.Slice(i, width).CopyTo(destination[written..]);
                written += width;
            }

            i += width;
        }

        return written;
    }

    private static int PadChineseChars(ReadOnlySpan<char> s, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            var chinese = IsChinese(cp);
            if (chinese)
            {
                destination[written++] = ' ';
            }

            s.Slice(i, width).CopyTo(destination[written..]);
            written += width;
            if (chinese)
            {
                destination[written++] = ' ';
            }

            i += width;
        }

        return written;
    }

    /// <summary>NFD (code points HF's tables do not know kept as they are, as <see cref="NormalizedString.UnicodeNormalize(NormalizationForm, Func{int, bool}?)"/> does), then the non-spacing marks removed.</summary>
    private static ReadOnlySpan<char> DecomposeAndStrip(char[][] buffers, scoped ref int next, ReadOnlySpan<char> s)
    {
        var index = next;
        Next(buffers, ref next, s.Length * 2);
        var written = 0;
        var from = 0;
        var keep = NormalizedString.IndexOfHfUnnormalized(s, 0);
        while (keep >= 0)
        {
            var width = char.IsHighSurrogate(s[keep]) ? 2 : 1;
            written = Decompose(s[from..keep], buffers, index, written);
            EnsureRoom(buffers, index, written + width);
            s.Slice(keep, width).CopyTo(buffers[index].AsSpan(written));
            written += width;
            from = keep + width;
            keep = NormalizedString.IndexOfHfUnnormalized(s, from);
        }

        written = Decompose(s[from..], buffers, index, written);
        var destination = buffers[index];
        var kept = 0;
        for (var i = 0; i < written;)
        {
            var cp = UnicodeChars.CodePointAt(destination.AsSpan(0, written), i, out var width);
            if (cp < 0x300 || !IsNonSpacingMark(cp))
            {
                destination.AsSpan(i, width).CopyTo(destination.AsSpan(kept));
                kept += width;
            }

            i += width;
        }

        return destination.AsSpan(0, kept);
    }

    /// <summary>Appends the NFD of <paramref name="range"/> at <paramref name="at"/> of buffer <paramref name="index"/> (grown as needed); returns the new length.</summary>
    private static int Decompose(ReadOnlySpan<char> range, char[][] buffers, int index, int at)
    {
        if (range.IsNormalized(NormalizationForm.FormD))
        {
            EnsureRoom(buffers, index, at + range.Length);
            range.CopyTo(buffers[index].AsSpan(at));
            return at + range.Length;
        }

        EnsureRoom(buffers, index, at + (range.Length * 2));
        while (true)
        {
            if (range.TryNormalize(buffers[index].AsSpan(at), out var written, NormalizationForm.FormD))
            {
                return at + written;
            }

            EnsureRoom(buffers, index, buffers[index].Length * 2);
        }
    }

    /// <summary>Grows buffer <paramref name="index"/> to hold <paramref name="capacity"/> chars, keeping its content.</summary>
    private static void EnsureRoom(char[][] buffers, int index, int capacity)
    {
        if (buffers[index].Length < capacity)
        {
            Array.Resize(ref buffers[index], Math.Max(capacity, buffers[index].Length * 2));
        }
    }

    private static int Lowercase(ReadOnlySpan<char> s, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp < 0x80)
            {
                destination[written++] = cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp;
            }
            else
            {
                written += UnicodeChars.ToLower(cp, destination[written..]);
            }

            i += width;
        }

        return written;
    }
}
