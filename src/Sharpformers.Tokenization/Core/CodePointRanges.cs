namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Sets of code points stored as flat, ascending, disjoint (first, last) pairs, the shape of the generated Unicode
/// tables (see docs/tokenization.md, "Unicode"); membership is a binary search.
/// </summary>
internal static class CodePointRanges
{
    /// <summary>Whether <paramref name="cp"/> lies in one of the (first, last) pairs of <paramref name="ranges"/>.</summary>
    public static bool Contains(ReadOnlySpan<int> ranges, int cp)
    {
        if (ranges.Length == 0 || cp < ranges[0] || cp > ranges[^1])
        {
            return false;
        }

        int lo = 0, hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cp < ranges[mid * 2])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[(mid * 2) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The pairs of <paramref name="ranges"/> as a list (for the tables' tests).</summary>
    public static List<(int First, int Last)> ToList(ReadOnlySpan<int> ranges)
    {
        var result = new List<(int First, int Last)>(ranges.Length / 2);
        for (var i = 0; i + 1 < ranges.Length; i += 2)
        {
            result.Add((ranges[i], ranges[i + 1]));
        }

        return result;
    }
}
