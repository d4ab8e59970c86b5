using Sharpformers.Generation.Constraints.Automata;

namespace Sharpformers.Generation.Constraints.Json;

/// <summary>
/// JSON numbers within bounds, as automata over their decimal text: integers in [lo, hi] exactly (at most 15
/// digits), and for <c>number</c> also values with a fraction whose integer part keeps them inside the bounds.
/// </summary>
internal static class NumberRanges
{
    public const long Limit = 999_999_999_999_999;

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>] (clamped to ±<see cref="Limit"/>).</summary>
    public static NfaFragment Integer(NfaBuilder b, long low, long high)
    {
        low = Math.Max(low, -Limit);
        high = Math.Min(high, Limit);
        if (low > high)
        {
            return b.Nothing();
        }

        var parts = new List<NfaFragment>();
        if (low < 0)
        {
            // -x for x in [max(1, -high), -low]
            parts.Add(b.Concat(b.Text("-"), NonNegative(b, Math.Max(1, -high), -low)));
        }

        if (high >= 0)
        {
            parts.Add(NonNegative(b, Math.Max(0, low), high));
        }

        return b.Alternate(parts);
    }

    /// <summary>
    /// Numbers within the bounds: the integers inside, and decimals x.f (in [x, x+1)) or −x.f (in (−x−1, −x]) whose
    /// whole interval lies inside, so any fraction digits keep the value valid.
    /// </summary>
    public static NfaFragment Decimal(JsonGrammar grammar, NumberBounds bounds)
    {
        var b = grammar.Builder;
        var (low, high) = bounds.IntegerRange();
        var parts = new List<NfaFragment> { Integer(b, low, high) };

        // x.f >= 0: x >= low (x > low when exclusive) and x + 1 <= high.
        var positiveLow = Math.Max(0, low);
        var positiveHigh = bounds.High is { } h ? (long)Math.Floor(h) - 1 : Limit;
        if (positiveLow <= positiveHigh)
        {
            parts.Add(b.Concat(NonNegative(b, positiveLow, Math.Min(positiveHigh, Limit)), grammar.FractionPart()));
        }

        // -x.f: -(x + 1) >= low, and -x <= high (-x < high when exclusive).
        var negativeHigh = bounds.Low is { } l ? -(long)Math.Ceiling(l) - 1 : Limit;
        var negativeLow = Math.Max(0, -high);
        if (negativeLow <= negativeHigh)
        {
            parts.Add(b.Concat(b.Text("-"), NonNegative(b, negativeLow, Math.Min(negativeHigh, Limit)), grammar.FractionPart()));
        }

        return b.Alternate(parts);
    }

    /// <summary>Decimal texts without leading zeros of the integers in [low, high], 0 ≤ low ≤ high.</summary>
    private static NfaFragment NonNegative(NfaBuilder b, long low, long high)
    {
        var parts = new List<NfaFragment>();
        var lowDigits = Digits(low);
        var highDigits = Digits(high);
        for (var length = lowDigits; length <= highDigits; length++)
        {
            var from = Math.Max(low, length == 1 ? 0 : Pow10(length - 1));
            var to = Math.Min(high, Pow10(length) - 1);
            if (from <= to)
            {
                SameLength(b, from.ToString(System.Globalization.CultureInfo.InvariantCulture), to.ToString(System.Globalization.CultureInfo.InvariantCulture), parts);
            }
        }

        return b.Alternate(parts);
    }

    private static void SameLength(NfaBuilder b, string low, string high, List<NfaFragment> parts) =>
        parts.AddRange(Sequences(low, high).Select(sequence => b.Concat([.. sequence.Select(r => b.ByteRange((byte)r.Low, (byte)r.High))])));

    /// <summary>Digit-range sequences whose texts are exactly the numbers from low to high (same length).</summary>
    private static List<List<(char Low, char High)>> Sequences(string low, string high)
    {
        var result = new List<List<(char Low, char High)>>();
        if (low.Length == 1)
        {
            result.Add([(low[0], high[0])]);
            return result;
        }

        if (low[0] == high[0])
        {
            foreach (var rest in Sequences(low[1..], high[1..]))
            {
                rest.Insert(0, (low[0], low[0]));
                result.Add(rest);
            }

            return result;
        }

        var tailLength = low.Length - 1;
        var lowTailIsZeros = low[1..].All(c => c == '0');
        var highTailIsNines = high[1..].All(c => c == '9');
        var middleLow = lowTailIsZeros ? low[0] : (char)(low[0] + 1);
        var middleHigh = highTailIsNines ? high[0] : (char)(high[0] - 1);
        if (!lowTailIsZeros)
        {
            foreach (var rest in Sequences(low[1..], new string('9', tailLength)))
            {
                rest.Insert(0, (low[0], low[0]));
                result.Add(rest);
            }
        }

        if (middleLow <= middleHigh)
        {
            var middle = new List<(char Low, char High)> { (middleLow, middleHigh) };
            for (var i = 0; i < tailLength; i++)
            {
                middle.Add(('0', '9'));
            }

            result.Add(middle);
        }

        if (!highTailIsNines)
        {
            foreach (var rest in Sequences(new string('0', tailLength), high[1..]))
            {
                rest.Insert(0, (high[0], high[0]));
                result.Add(rest);
            }
        }

        return result;
    }

    private static int Digits(long value) => value < 10 ? 1 : 1 + Digits(value / 10);

    private static long Pow10(int n)
    {
        long p = 1;
        for (var i = 0; i < n; i++)
        {
            p *= 10;
        }

        return p;
    }
}

/// <summary>The bounds of a number schema (null: unbounded), clamped to ±<see cref="NumberRanges.Limit"/>.</summary>
internal readonly record struct NumberBounds(double? Low, bool LowExclusive, double? High, bool HighExclusive)
{
    /// <summary>The integers inside, as an inclusive range.</summary>
    public (long Low, long High) IntegerRange()
    {
        var low = Low is { } l ? (LowExclusive ? (long)Math.Floor(l) + 1 : (long)Math.Ceiling(l)) : -NumberRanges.Limit;
        var high = High is { } h ? (HighExclusive ? (long)Math.Ceiling(h) - 1 : (long)Math.Floor(h)) : NumberRanges.Limit;
        return (Math.Max(low, -NumberRanges.Limit), Math.Min(high, NumberRanges.Limit));
    }
}
