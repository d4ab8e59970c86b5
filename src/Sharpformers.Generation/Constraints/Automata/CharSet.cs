namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>A set of Unicode scalar values as sorted, non-overlapping, non-adjacent ranges (surrogates never included).</summary>
internal sealed class CharSet
{
    public const int MaxCodePoint = 0x10FFFF;

    private CharSet(List<(int Low, int High)> ranges) => Ranges = ranges;

    public IReadOnlyList<(int Low, int High)> Ranges { get; }

    public bool IsEmpty => Ranges.Count == 0;

    public static CharSet Of(IEnumerable<(int Low, int High)> ranges)
    {
        var list = new List<(int Low, int High)>();
        foreach (var (low, high) in ranges)
        {
            if (low > high)
            {
                continue;
            }

            // Surrogate code points are not characters: cut them out.
            if (low < 0xD800 && high > 0xDFFF)
            {
                list.Add((low, 0xD7FF));
                list.Add((0xE000, high));
            }
            else if (high < 0xD800 || low > 0xDFFF)
            {
                list.Add((low, high));
            }
            else
            {
                if (low < 0xD800)
                {
                    list.Add((low, 0xD7FF));
                }

                if (high > 0xDFFF)
                {
                    list.Add((0xE000, high));
                }
            }
        }

        list.Sort((a, b) => a.Low.CompareTo(b.Low));
        var merged = new List<(int Low, int High)>();
        foreach (var r in list)
        {
            if (merged.Count > 0 && r.Low <= merged[^1].High + 1)
            {
                merged[^1] = (merged[^1].Low, Math.Max(merged[^1].High, r.High));
            }
            else
            {
                merged.Add(r);
            }
        }

        return new CharSet(merged);
    }

    public static CharSet Single(int c) => Of([(c, c)]);

    public static CharSet Range(int low, int high) => Of([(low, high)]);

    public static CharSet Any => Of([(0, MaxCodePoint)]);

    public CharSet Union(CharSet other) => Of([.. Ranges, .. other.Ranges]);

    public CharSet Negate()
    {
        var result = new List<(int Low, int High)>();
        var next = 0;
        foreach (var (low, high) in Ranges)
        {
            if (low > next)
            {
                result.Add((next, low - 1));
            }

            next = high + 1;
        }

        if (next <= MaxCodePoint)
        {
            result.Add((next, MaxCodePoint));
        }

        return Of(result);
    }

    public CharSet Intersect(CharSet other) => Negate().Union(other.Negate()).Negate();

    public CharSet Except(CharSet other) => Intersect(other.Negate());

    public bool Contains(int c)
    {
        foreach (var (low, high) in Ranges)
        {
            if (c >= low && c <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Builds the fragment matching the UTF-8 encoding of any character of the set.</summary>
    public NfaFragment Build(NfaBuilder builder)
    {
        var start = builder.NewState();
        var end = builder.NewState();
        foreach (var (low, high) in Ranges)
        {
            foreach (var sequence in Utf8Sequences.Split(low, high))
            {
                var current = start;
                for (var i = 0; i < sequence.Length; i++)
                {
                    var target = i == sequence.Length - 1 ? end : builder.NewState();
                    builder.Edge(current, sequence[i].Low, sequence[i].High, target);
                    current = target;
                }
            }
        }

        return new NfaFragment(start, end);
    }
}
