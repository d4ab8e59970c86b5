namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The words of one split as chars in one reusable buffer, for the span encodes: a word is a span of it, not a string
/// and a <see cref="NormalizedString"/> of its own. Each char remembers the chars of the split's text it was written from
/// (the alignment a word's <see cref="NormalizedString"/> would carry), so token offsets can be mapped back. Not
/// thread-safe: one per thread.
/// </summary>
internal sealed class WordBuffer
{
    /// <summary>Buffers grown past this many entries are not kept on the thread.</summary>
    private const int KeptCapacity = ScratchLimits.KeptCapacity;

    private char[] chars = new char[256];

    /// <summary>
    /// For each char of <see cref="chars"/>, the first and last char of the split's text it was written from (written only
    /// while <see cref="tracksSources"/>: the ids-only encode needs no offsets).
    /// </summary>
    private int[] firstSources = [];

    private int[] lastSources = [];

    /// <summary>Whether <see cref="Append"/> records each char's source chars (the full encode's offsets need them); set by <see cref="Reset"/>.</summary>
    private bool tracksSources;

    private int length;
    private int wordStart;

    /// <summary>Where each word ends in <see cref="chars"/> (a word starts where the previous one ends).</summary>
    private readonly List<int> ends = new(64);

    /// <summary>Scratch ranges a pre-tokenizer splits a text into before writing its words (<see cref="NormalizedStringSplitter.SplitRanges"/>).</summary>
    public List<(int Start, int End)> Ranges { get; } = new(64);

    /// <summary>The number of finished words.</summary>
    public int Count => ends.Count;

    /// <summary>Word <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            var start = index == 0 ? 0 : ends[index - 1];
            return chars.AsSpan(start, ends[index] - start);
        }
    }

    /// <summary>Where word <paramref name="index"/> starts in the buffer (the position <see cref="FirstSource"/> and <see cref="LastSource"/> take).</summary>
    public int StartOf(int index) => index == 0 ? 0 : ends[index - 1];

    /// <summary>The first char of the split's text that the char at buffer <paramref name="position"/> was written from.</summary>
    public int FirstSource(int position) => firstSources[position];

    /// <summary>The last char of the split's text that the char at buffer <paramref name="position"/> was written from.</summary>
    public int LastSource(int position) => lastSources[position];

    /// <summary>Whether the buffers are small enough to keep for the next text (a huge text's are dropped).</summary>
    public bool IsWorthKeeping => chars.Length <= ScratchLimits.KeptCharCapacity && firstSources.Length <= ScratchLimits.KeptIntCapacity && ends.Capacity <= KeptCapacity && Ranges.Capacity <= KeptCapacity;

    /// <summary>
    /// Drops every word and starts a text whose chars record their source chars or not (<paramref name="trackSources"/>:
    /// the full encode's offsets need them, the ids-only encode does not).
    /// </summary>
    public void Reset(bool trackSources)
    {
        Clear();
        tracksSources = trackSources;
        if (trackSources && firstSources.Length < chars.Length)
        {
            firstSources = new int[chars.Length];
            lastSources = new int[chars.Length];
        }
    }

    /// <summary>Drops every word (the buffers keep their storage).</summary>
    public void Clear()
    {
        length = 0;
        wordStart = 0;
        ends.Clear();
        Ranges.Clear();
    }

    /// <summary>
    /// Appends a char to the word being written, written from chars <paramref name="firstSource"/> to
    /// <paramref name="lastSource"/> (inclusive) of the split's text.
    /// </summary>
    public void Append(char c, int firstSource, int lastSource)
    {
        if (length == chars.Length)
        {
            Array.Resize(ref chars, chars.Length * 2);
            if (tracksSources)
            {
                Array.Resize(ref firstSources, chars.Length);
                Array.Resize(ref lastSources, chars.Length);
            }
        }

        if (tracksSources)
        {
            firstSources[length] = firstSource;
            lastSources[length] = lastSource;
        }

        chars[length++] = c;
    }

    /// <summary>Finishes the word being written; an empty one is dropped (as a split step drops empty pieces).</summary>
    public void EndWord()
    {
        if (length > wordStart)
        {
            ends.Add(length);
            wordStart = length;
        }
    }
}
