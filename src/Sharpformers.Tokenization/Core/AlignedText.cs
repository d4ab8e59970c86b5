namespace Sharpformers.Tokenization.Core;

/// <summary>
/// A normalized text in reusable buffers, each char with the first and last char of the source text it came from (the
/// alignment a <see cref="NormalizedBuilder"/> gives, as indices into the source instead of original offsets, so a step
/// over an <see cref="AlignedText"/> composes with the previous one and the source's own alignment maps the result).
/// Not thread-safe: one per thread.
/// </summary>
internal sealed class AlignedText
{
    private char[] chars = new char[256];
    private int[] firstSources = new int[256];
    private int[] lastSources = new int[256];

    /// <summary>The number of chars.</summary>
    public int Length { get; private set; }

    /// <summary>The text.</summary>
    public ReadOnlySpan<char> Chars => chars.AsSpan(0, Length);

    /// <summary>
    /// Whether the buffers are small enough to keep for the next text (a huge text's are dropped). The two int arrays are
    /// as long as the chars, so the int rule (<see cref="ScratchLimits.KeptIntCapacity"/>) decides.
    /// </summary>
    public bool IsWorthKeeping => chars.Length <= ScratchLimits.KeptIntCapacity;

    /// <summary>The first source char that char <paramref name="index"/> came from.</summary>
    public int FirstSource(int index) => firstSources[index];

    /// <summary>The last source char that char <paramref name="index"/> came from.</summary>
    public int LastSource(int index) => lastSources[index];

    /// <summary>Starts over with <paramref name="source"/>, each char aligned with itself.</summary>
    public void SetIdentity(ReadOnlySpan<char> source)
    {
        Length = 0;
        EnsureCapacity(source.Length);
        source.CopyTo(chars);
        for (var i = 0; i < source.Length; i++)
        {
            firstSources[i] = i;
            lastSources[i] = i;
        }

        Length = source.Length;
    }

    /// <summary>Drops every char (the buffers keep their storage).</summary>
    public void Clear() => Length = 0;

    /// <summary>Appends a char that came from source chars <paramref name="first"/> to <paramref name="last"/> (inclusive).</summary>
    public void Append(char c, int first, int last)
    {
        if (Length == chars.Length)
        {
            EnsureCapacity(Length * 2);
        }

        chars[Length] = c;
        firstSources[Length] = first;
        lastSources[Length] = last;
        Length++;
    }

    /// <summary>Appends chars [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="other"/> with their alignments.</summary>
    public void AppendRange(AlignedText other, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            Append(other.chars[i], other.firstSources[i], other.lastSources[i]);
        }
    }

    /// <summary>Removes the code points at or above U+0300 that <paramref name="remove"/> selects, keeping the others with their alignments.</summary>
    public void RemoveCodePoints(Func<int, bool> remove)
    {
        var kept = 0;
        for (var i = 0; i < Length;)
        {
            var cp = UnicodeChars.CodePointAt(Chars, i, out var width);
            if (cp >= 0x300 && remove(cp))
            {
                i += width;
                continue;
            }

            for (var k = 0; k < width; k++, kept++)
            {
                chars[kept] = chars[i + k];
                firstSources[kept] = firstSources[i + k];
                lastSources[kept] = lastSources[i + k];
            }

            i += width;
        }

        Length = kept;
    }

    private void EnsureCapacity(int capacity)
    {
        if (chars.Length < capacity)
        {
            var size = Math.Max(capacity, chars.Length * 2);
            Array.Resize(ref chars, size);
            Array.Resize(ref firstSources, size);
            Array.Resize(ref lastSources, size);
        }
    }
}
