using System.Text;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// A piece of text being normalized, with, for every UTF-16 char of <see cref="Text"/>, the span of the original input
/// it came from (the alignment that lets token offsets point into the caller's string). Mirrors HF's NormalizedString.
/// </summary>
internal sealed class NormalizedString
{
    /// <summary>
    /// Alignment arrays, possibly shared with the string this one was sliced from (never written after creation);
    /// both <see langword="null"/> for the identity alignment of untouched input (char <c>i</c> maps to
    /// <c>[alignmentOffset + i, alignmentOffset + i + 1)</c>), so a text no normalizer changes costs no arrays. Under the
    /// identity alignment, the first <see cref="identityPrefix"/> chars are prepended ones aligned with the first
    /// original char, and char <c>i</c> after them maps to <c>alignmentOffset + i - identityPrefix</c>.
    /// </summary>
    private int[]? starts;

    private int[]? ends;

    /// <summary>Index in <see cref="starts"/>/<see cref="ends"/> of this string's first char (the original offset of it under the identity alignment).</summary>
    private int alignmentOffset;

    /// <summary>Chars prepended in front of an identity-aligned text (see <see cref="starts"/>); 0 with alignment arrays.</summary>
    private int identityPrefix;

    public NormalizedString(string text, int[]? starts, int[]? ends)
    {
        Text = text;
        this.starts = starts;
        this.ends = ends;
    }

    private NormalizedString(string text, int[]? starts, int[]? ends, int alignmentOffset)
        : this(text, starts, ends)
    {
        this.alignmentOffset = alignmentOffset;
    }

    /// <summary>The current (normalized) text.</summary>
    public string Text { get; private set; }

    /// <summary>Start of this piece in the original string when it is empty (where it sits).</summary>
    public int OriginalStartWhenEmpty { get; init; }

    public int Length => Text.Length;

    public bool IsEmpty => Text.Length == 0;

    /// <summary>Original offset where this piece begins.</summary>
    public int OriginalStart => Text.Length == 0 ? OriginalStartWhenEmpty : StartOf(0);

    /// <summary>Original start offset of char <paramref name="index"/> of <see cref="Text"/>.</summary>
    public int StartOf(int index) => starts is null ? alignmentOffset + Math.Max(0, index - identityPrefix) : starts[alignmentOffset + index];

    /// <summary>Original end offset of char <paramref name="index"/> of <see cref="Text"/>.</summary>
    public int EndOf(int index) => ends is null ? alignmentOffset + Math.Max(0, index - identityPrefix) + 1 : ends[alignmentOffset + index];

    public static NormalizedString FromOriginal(string text, int offset = 0)
    {
        if (!HasSurrogatePair(text))
        {
            return new NormalizedString(text, null, null, offset) { OriginalStartWhenEmpty = offset };
        }

        var starts = new int[text.Length];
        var ends = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            starts[i] = offset + i;
            ends[i] = offset + i + 1;
        }

        // A surrogate pair maps to the whole pair.
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                ends[i] = offset + i + 2;
                starts[i + 1] = offset + i;
                i++;
            }
        }

        return new NormalizedString(text, starts, ends) { OriginalStartWhenEmpty = offset };
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate pair (whose two chars both map to the whole pair).</summary>
    private static bool HasSurrogatePair(string text)
    {
        var span = text.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDBFF');
        while (i >= 0 && i + 1 < span.Length)
        {
            if (char.IsLowSurrogate(span[i + 1]))
            {
                return true;
            }

            var next = span[(i + 1)..].IndexOfAnyInRange('\uD800', '\uDBFF');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    /// <summary>Chars [start, end) as a new string whose alignment is a view of this one's (no copy of the arrays).</summary>
    public NormalizedString Slice(int start, int end)
    {
        var length = end - start;
        var empty = start < Text.Length ? StartOf(start) : (Text.Length > 0 ? EndOf(Text.Length - 1) : OriginalStartWhenEmpty);
        var text = start == 0 && length == Text.Length ? Text : Text.Substring(start, length);
        if (starts is null)
        {
            // Identity alignment: the prepended chars left in the slice stay a prefix; past them the offset moves on.
            return new NormalizedString(text, null, null, alignmentOffset + Math.Max(0, start - identityPrefix))
            {
                OriginalStartWhenEmpty = empty,
                identityPrefix = Math.Max(0, identityPrefix - start),
            };
        }

        return new NormalizedString(text, starts, ends, alignmentOffset + start) { OriginalStartWhenEmpty = empty };
    }

    /// <summary>Maps a (start, end) range of <see cref="Text"/> to the original string.</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        if (Text.Length == 0)
        {
            return (OriginalStartWhenEmpty, OriginalStartWhenEmpty);
        }

        if (start >= end)
        {
            var at = start < Text.Length ? StartOf(start) : EndOf(Text.Length - 1);
            return (at, at);
        }

        return (StartOf(start), EndOf(end - 1));
    }

    /// <summary>Replaces the content by what <paramref name="builder"/> accumulated.</summary>
    public void Apply(NormalizedBuilder builder)
    {
        (Text, starts, ends) = builder.Build();
        alignmentOffset = 0;
        identityPrefix = 0;
    }

    /// <summary>Replaces the text by one of the same length whose chars keep their alignments.</summary>
    public void ReplaceText(string sameLength)
    {
        if (sameLength.Length != Text.Length)
        {
            throw new ArgumentException("the replacement must have the same length", nameof(sameLength));
        }

        Text = sameLength;
    }

    /// <summary>A builder whose appended chars reference chars of this string for their alignment.</summary>
    public NormalizedBuilder CreateBuilder(int capacity = 0) => new(this, capacity == 0 ? Text.Length : capacity);

    /// <summary>Prepends <paramref name="prefix"/>, aligned to the first char (no-op when empty).</summary>
    public void Prepend(string prefix)
    {
        if (Text.Length == 0)
        {
            return;
        }

        if (starts is null)
        {
            // Identity alignment: the new chars take the first char's alignment, as the builder would give them.
            Text = string.Concat(prefix, Text);
            identityPrefix += prefix.Length;
            return;
        }

        var b = CreateBuilder(Text.Length + prefix.Length);
        b.Append(prefix, 0);
        b.AppendRange(0, Text.Length);
        Apply(b);
    }

    /// <summary>Appends <paramref name="suffix"/>, aligned to the last char (no-op when empty).</summary>
    public void Append(string suffix)
    {
        if (Text.Length == 0)
        {
            return;
        }

        var b = CreateBuilder(Text.Length + suffix.Length);
        b.AppendRange(0, Text.Length);
        b.Append(suffix, Text.Length - 1);
        Apply(b);
    }

    /// <summary>Replaces every occurrence of a char by a string.</summary>
    public void Replace(char from, string to)
    {
        if (Text.IndexOf(from) < 0)
        {
            return;
        }

        if (to.Length == 1)
        {
            // One char for one char: each replacement keeps the alignment of the char it replaces.
            Text = Text.Replace(from, to[0]);
            return;
        }

        var b = CreateBuilder(Text.Length + 8);
        for (var i = 0; i < Text.Length; i++)
        {
            if (Text[i] == from)
            {
                b.Append(to, i);
            }
            else
            {
                b.Append(Text[i], i);
            }
        }

        Apply(b);
    }

    /// <summary>Replaces the given sorted, non-overlapping ranges of <see cref="Text"/> by <paramref name="content"/>.</summary>
    public void ReplaceRanges(List<(int Start, int End)> ranges, string content)
    {
        if (ranges.Count == 0)
        {
            return;
        }

        var b = CreateBuilder(Text.Length + 8);
        var pos = 0;
        foreach (var (start, end) in ranges)
        {
            b.AppendRange(pos, start);
            if (end > start)
            {
                // HF aligns the replacement chars with the replaced chars one by one, the extra ones with the last.
                for (var k = 0; k < content.Length; k++)
                {
                    b.Append(content[k], Math.Min(start + k, end - 1));
                }
            }
            else
            {
                b.Append(content, Math.Min(start, Text.Length - 1));
            }

            pos = end;
        }

        b.AppendRange(pos, Text.Length);
        Apply(b);
    }

    /// <summary>Applies a Unicode normalization form, keeping approximate alignments per normalization segment.</summary>
    public void UnicodeNormalize(NormalizationForm form) => UnicodeNormalize(form, null);

    /// <summary>
    /// Applies a Unicode normalization form, then, when that changed the text, removes the code points
    /// <paramref name="removeAfter"/> selects in the same new text (as a separate removal step would, without a second
    /// copy). Returns whether the removal ran; when not, the text was already normalized and the caller removes them.
    /// </summary>
    public bool UnicodeNormalize(NormalizationForm form, Func<int, bool>? removeAfter)
    {
        var keep = IndexOfHfUnnormalized(Text, 0);
        if (keep < 0 && Text.IsNormalized(form))
        {
            return false;
        }

        var b = CreateBuilder(Text.Length);
        var from = 0;
        while (keep >= 0)
        {
            // HF's tables do not know this code point: it stays as it is, and nothing normalises across it.
            var width = char.IsHighSurrogate(Text[keep]) ? 2 : 1;
            NormalizeRange(b, from, keep, form);
            b.AppendRange(keep, keep + width);
            from = keep + width;
            keep = IndexOfHfUnnormalized(Text, from);
        }

        NormalizeRange(b, from, Text.Length, form);
        if (removeAfter is not null)
        {
            b.RemoveCodePoints(removeAfter);
        }

        Apply(b);
        return true;
    }

    /// <summary>
    /// The index of the first code point at or after <paramref name="from"/> that <see cref="HfNormalization"/> holds (HF's
    /// tables do not know it: it stays as it is), or -1.
    /// </summary>
    internal static int IndexOfHfUnnormalized(ReadOnlySpan<char> text, int from)
    {
        var first = HfNormalization.First;
        for (var i = from; i < text.Length;)
        {
            if (text[i] < first && !char.IsSurrogate(text[i]))
            {
                i++;
                continue;
            }

            var cp = UnicodeChars.CodePointAt(text, i, out var width);
            if (HfNormalization.Contains(cp))
            {
                return i;
            }

            i += width;
        }

        return -1;
    }

    /// <summary>Appends source chars [from, to) normalised, aligned segment by segment where that is exact (<see cref="NormalizationSegments"/>).</summary>
    private void NormalizeRange(NormalizedBuilder b, int from, int to, NormalizationForm form)
    {
        if (from == to)
        {
            return;
        }

        if (Text.AsSpan(from, to - from).IsNormalized(form))
        {
            b.AppendRange(from, to);
            return;
        }

        var segments = NormalizationSegments.Take();
        if (segments.Split(Text, from, to, form))
        {
            foreach (var (start, end, at, length) in segments.Segments)
            {
                AppendSegment(b, start, end, segments.Form(at, length));
            }
        }
        else
        {
            AppendSegment(b, from, to, segments.Whole);
        }

        NormalizationSegments.Return(segments);
    }

    /// <summary>
    /// Writes <paramref name="source"/> normalized at <paramref name="at"/> of <paramref name="buffer"/> (grown as needed);
    /// returns its length. The buffer is per-thread scratch, so a grown one is a plain new array (nothing enters the
    /// shared pool).
    /// </summary>
    internal static int NormalizeInto(ReadOnlySpan<char> source, ref char[] buffer, int at, NormalizationForm form)
    {
        while (true)
        {
            if (source.TryNormalize(buffer.AsSpan(at), out var written, form))
            {
                return written;
            }

            var size = Math.Max(buffer.Length * 2, at + (source.Length * 4));
            var grown = new char[size];
            buffer.AsSpan(0, at).CopyTo(grown);
            buffer = grown;
        }
    }

    private void AppendSegment(NormalizedBuilder b, int start, int end, ReadOnlySpan<char> normalized)
    {
        if (end - start == normalized.Length && Text.AsSpan(start, end - start).SequenceEqual(normalized))
        {
            b.AppendRange(start, end);
            return;
        }

        // Each output char takes the alignment of the whole segment.
        foreach (var c in normalized)
        {
            b.AppendSpan(c, start, end);
        }
    }

    /// <summary>Whether a normalization segment may end before char <paramref name="i"/> (what <see cref="NormalizeRange"/> aligns segment by segment).</summary>
    internal static bool IsSegmentBoundary(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (char.IsLowSurrogate(c))
        {
            return false;
        }

        // A boundary before an ASCII char is always safe (ASCII never composes with what precedes it).
        return c < 0x80 && text[i - 1] < 0x80;
    }

    public override string ToString() => Text;
}

/// <summary>
/// Accumulates a new normalized text with its alignments (see <see cref="NormalizedString"/>) in pooled buffers;
/// <see cref="Build"/> returns exact-size results and the buffers to the pool.
/// </summary>
internal sealed class NormalizedBuilder
{
    private readonly NormalizedString source;
    private char[] text;
    private int[] starts;
    private int[] ends;
    private int length;

    /// <summary>Entries all three buffers can hold (the pool may hand out arrays of different sizes).</summary>
    private int capacity;

    public NormalizedBuilder(NormalizedString source, int capacity)
    {
        this.source = source;
        capacity = Math.Max(capacity, 16);
        text = System.Buffers.ArrayPool<char>.Shared.Rent(capacity);
        starts = System.Buffers.ArrayPool<int>.Shared.Rent(capacity);
        ends = System.Buffers.ArrayPool<int>.Shared.Rent(capacity);
        this.capacity = Math.Min(text.Length, Math.Min(starts.Length, ends.Length));
    }

    public int Length => length;

    /// <summary>Appends a char aligned with char <paramref name="sourceIndex"/> of the source.</summary>
    public void Append(char c, int sourceIndex) => Add(c, source.StartOf(sourceIndex), source.EndOf(sourceIndex));

    public void Append(string s, int sourceIndex)
    {
        foreach (var c in s)
        {
            Append(c, sourceIndex);
        }
    }

    /// <summary>Appends a char aligned with the span covering source chars [from, to).</summary>
    public void AppendSpan(char c, int from, int to) => Add(c, source.StartOf(from), source.EndOf(to - 1));

    /// <summary>Copies source chars [from, to) unchanged.</summary>
    public void AppendRange(int from, int to)
    {
        var sourceText = source.Text;
        for (var i = from; i < to; i++)
        {
            Add(sourceText[i], source.StartOf(i), source.EndOf(i));
        }
    }

    /// <summary>
    /// Removes the appended code points at or above U+0300 that <paramref name="remove"/> selects, keeping the others with
    /// their alignments (what a removal step over the built text would give).
    /// </summary>
    public void RemoveCodePoints(Func<int, bool> remove)
    {
        var kept = 0;
        for (var i = 0; i < length;)
        {
            var c = text[i];
            var width = char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var cp = width == 2 ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (cp >= 0x300 && remove(cp))
            {
                i += width;
                continue;
            }

            for (var k = 0; k < width; k++, kept++)
            {
                text[kept] = text[i + k];
                starts[kept] = starts[i + k];
                ends[kept] = ends[i + k];
            }

            i += width;
        }

        length = kept;
    }

    public (string Text, int[] Starts, int[] Ends) Build()
    {
        var result = (new string(text, 0, length), starts.AsSpan(0, length).ToArray(), ends.AsSpan(0, length).ToArray());
        System.Buffers.ArrayPool<char>.Shared.Return(text);
        System.Buffers.ArrayPool<int>.Shared.Return(starts);
        System.Buffers.ArrayPool<int>.Shared.Return(ends);
        text = [];
        starts = [];
        ends = [];
        length = 0;
        capacity = 0;
        return result;
    }

    private void Add(char c, int start, int end)
    {
        if (length == capacity)
        {
            Grow();
        }

        text[length] = c;
        starts[length] = start;
        ends[length] = end;
        length++;
    }

    private void Grow()
    {
        var size = Math.Max(16, length * 2);
        text = Regrow(text, size, length);
        starts = Regrow(starts, size, length);
        ends = Regrow(ends, size, length);
        capacity = Math.Min(text.Length, Math.Min(starts.Length, ends.Length));
    }

    private static T[] Regrow<T>(T[] old, int size, int used)
    {
        var grown = System.Buffers.ArrayPool<T>.Shared.Rent(size);
        old.AsSpan(0, used).CopyTo(grown);
        if (old.Length > 0)
        {
            System.Buffers.ArrayPool<T>.Shared.Return(old);
        }

        return grown;
    }
}
