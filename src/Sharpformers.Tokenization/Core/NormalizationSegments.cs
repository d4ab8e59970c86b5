using System.Text;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The segmenting rule of Unicode normalization with alignments, shared by <see cref="NormalizedString"/> and the BERT
/// normalizer's aligned path: a range is normalized as a whole and segment by segment (a segment ends before a char
/// <see cref="NormalizedString.IsSegmentBoundary"/> allows); when the segments' forms join into the whole range's form,
/// each segment is aligned on its own, otherwise the whole range is one segment. Per-thread buffers; not thread-safe.
/// </summary>
internal sealed class NormalizationSegments
{
    [ThreadStatic]
    private static NormalizationSegments? scratch;

    private readonly List<(int Start, int End, int At, int Length)> segments = new(16);
    private char[] whole = new char[256];
    private char[] joined = new char[256];
    private int wholeLength;

    /// <summary>The segments of the last <see cref="Split"/>: source [Start, End) and its form at [At, At + Length) of <see cref="Form"/>.</summary>
    public IReadOnlyList<(int Start, int End, int At, int Length)> Segments => segments;

    /// <summary>The normalized chars the <see cref="Segments"/> point into.</summary>
    public ReadOnlySpan<char> Form(int at, int length) => joined.AsSpan(at, length);

    /// <summary>The whole range's normalized form (when the segments do not join into it).</summary>
    public ReadOnlySpan<char> Whole => whole.AsSpan(0, wholeLength);

    /// <summary>This thread's instance (taken: hand it back with <see cref="Return"/>).</summary>
    public static NormalizationSegments Take()
    {
        var taken = scratch ?? new NormalizationSegments();
        scratch = null;
        return taken;
    }

    /// <summary>Keeps <paramref name="taken"/> for the next range on this thread unless a huge range grew it.</summary>
    public static void Return(NormalizationSegments taken)
    {
        taken.segments.Clear();
        if (taken.whole.Length <= ScratchLimits.KeptCharCapacity && taken.joined.Length <= ScratchLimits.KeptCharCapacity &&
            taken.segments.Capacity <= ScratchLimits.KeptCapacity)
        {
            scratch = taken;
        }
    }

    /// <summary>
    /// Normalizes chars [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="text"/> (not already in
    /// <paramref name="form"/>); <see langword="true"/> when <see cref="Segments"/> join into the whole form and are aligned
    /// one by one, <see langword="false"/> when the range is aligned as a whole (<see cref="Whole"/>).
    /// </summary>
    public bool Split(ReadOnlySpan<char> text, int from, int to, NormalizationForm form)
    {
        segments.Clear();
        wholeLength = NormalizedString.NormalizeInto(text[from..to], ref whole, 0, form);
        var joinedLength = 0;
        var segmentStart = from;
        for (var i = from + 1; i <= to; i++)
        {
            if (i == to || NormalizedString.IsSegmentBoundary(text, i))
            {
                var length = NormalizedString.NormalizeInto(text[segmentStart..i], ref joined, joinedLength, form);
                segments.Add((segmentStart, i, joinedLength, length));
                joinedLength += length;
                segmentStart = i;
            }
        }

        return joined.AsSpan(0, joinedLength).SequenceEqual(Whole);
    }
}
