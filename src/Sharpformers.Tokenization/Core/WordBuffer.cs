namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The words of one split as chars in one reusable buffer, for the ids-only encode: a word is a span of it, not a string
/// and a <see cref="NormalizedString"/> of its own. Not thread-safe: one per thread.
/// </summary>
internal sealed class WordBuffer
{
    /// <summary>Buffers grown past this many entries are not kept on the thread.</summary>
    private const int KeptCapacity = ScratchLimits.KeptCapacity;

    private char[] chars = new char[256];
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

    /// <summary>Whether the buffers are small enough to keep for the next text (a huge text's are dropped).</summary>
    public bool IsWorthKeeping => chars.Length <= KeptCapacity * 4 && ends.Capacity <= KeptCapacity && Ranges.Capacity <= KeptCapacity;

    /// <summary>Drops every word (the buffers keep their storage).</summary>
    public void Clear()
    {
        length = 0;
        wordStart = 0;
        ends.Clear();
        Ranges.Clear();
    }

    /// <summary>Appends a char to the word being written.</summary>
    public void Append(char c)
    {
        if (length == chars.Length)
        {
            Array.Resize(ref chars, chars.Length * 2);
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
