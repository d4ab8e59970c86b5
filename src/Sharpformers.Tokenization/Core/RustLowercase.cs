namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Lowercase as HF's Rust code computes it (<c>char::to_lowercase</c>, an older Unicode version than .NET 10's): the
/// generated table (RustLowercase.Table.cs, probed through HF; see LowercaseTableTests) holds the code points whose
/// lowercase there differs from .NET's, with HF's mapping.
/// </summary>
internal static partial class RustLowercase
{
    private static readonly int First = Table.Length == 0 ? int.MaxValue : Table[0];

    /// <summary>HF's single-code-point lowercase of <paramref name="cp"/> when it differs from .NET's.</summary>
    public static bool TryGetOverride(int cp, out int lower)
    {
        lower = cp;
        if (cp < First)
        {
            return false;
        }

        var table = Table;
        int lo = 0, hi = (table.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = table[mid * 2];
            if (cp == at)
            {
                lower = table[(mid * 2) + 1];
                return true;
            }

            if (cp < at)
            {
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return false;
    }

    /// <summary>The override pairs (for the table's test).</summary>
    public static List<(int Cp, int Lower)> Overrides()
    {
        var result = new List<(int, int)>();
        var table = Table;
        for (var i = 0; i + 1 < table.Length; i += 2)
        {
            result.Add((table[i], table[i + 1]));
        }

        return result;
    }
}
