using System.Globalization;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// General categories as HF <c>tokenizers</c>' regex engine (Oniguruma, an older Unicode version) sees them: .NET's,
/// except for the ranges in the generated <c>Table</c> (OnigCategories.Table.cs, derived by probing every code point
/// through HF; see OnigCategoryTableTests).
/// </summary>
internal static partial class OnigCategories
{
    /// <summary>The first code point that has an override (below it, .NET's category is always Oniguruma's).</summary>
    public static readonly int FirstOverride = Table.Length == 0 ? int.MaxValue : Table[0];

    /// <summary>Oniguruma's general category of <paramref name="cp"/>.</summary>
    public static UnicodeCategory Get(int cp) => TryGetOverride(cp, out var c) ? c : UnicodeChars.DotNetCategory(cp);

    /// <summary>Whether Oniguruma's category of <paramref name="cp"/> differs from .NET's, and what it is.</summary>
    public static bool TryGetOverride(int cp, out UnicodeCategory category)
    {
        var table = Table;
        int lo = 0, hi = (table.Length / 3) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = mid * 3;
            if (cp < table[at])
            {
                hi = mid - 1;
            }
            else if (cp > table[at + 1])
            {
                lo = mid + 1;
            }
            else
            {
                category = (UnicodeCategory)table[at + 2];
                return true;
            }
        }

        category = default;
        return false;
    }

    /// <summary>The override ranges (for the table's test).</summary>
    public static List<(int Start, int End, UnicodeCategory Category)> Overrides()
    {
        var result = new List<(int Start, int End, UnicodeCategory Category)>();
        var table = Table;
        for (var i = 0; i + 2 < table.Length; i += 3)
        {
            result.Add((table[i], table[i + 1], (UnicodeCategory)table[i + 2]));
        }

        return result;
    }
}
