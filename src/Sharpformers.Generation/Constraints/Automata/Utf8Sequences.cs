namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>Splits a range of scalar values into sequences of byte ranges whose concatenations are exactly their UTF-8 encodings.</summary>
internal static class Utf8Sequences
{
    private static readonly int[] LengthLimits = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF];

    public static List<(byte Low, byte High)[]> Split(int low, int high)
    {
        var result = new List<(byte Low, byte High)[]>();
        var from = low;
        foreach (var limit in LengthLimits)
        {
            if (from > high)
            {
                break;
            }

            if (from > limit)
            {
                continue;
            }

            SplitSameLength(from, Math.Min(high, limit), result);
            from = limit + 1;
        }

        return result;
    }

    private static void SplitSameLength(int low, int high, List<(byte Low, byte High)[]> result)
    {
        var length = Length(low);
        for (var i = 1; i < length; i++)
        {
            var m = (1 << (6 * i)) - 1;
            if ((low & ~m) != (high & ~m))
            {
                if ((low & m) != 0)
                {
                    SplitSameLength(low, low | m, result);
                    SplitSameLength((low | m) + 1, high, result);
                    return;
                }

                if ((high & m) != m)
                {
                    SplitSameLength(low, (high & ~m) - 1, result);
                    SplitSameLength(high & ~m, high, result);
                    return;
                }
            }
        }

        Span<byte> a = stackalloc byte[4];
        Span<byte> b = stackalloc byte[4];
        Encode(low, a);
        Encode(high, b);
        var sequence = new (byte Low, byte High)[length];
        for (var i = 0; i < length; i++)
        {
            sequence[i] = (a[i], b[i]);
        }

        result.Add(sequence);
    }

    private static int Length(int c) => c <= 0x7F ? 1 : c <= 0x7FF ? 2 : c <= 0xFFFF ? 3 : 4;

    private static void Encode(int c, Span<byte> bytes)
    {
        switch (Length(c))
        {
            case 1:
                bytes[0] = (byte)c;
                break;
            case 2:
                bytes[0] = (byte)(0xC0 | (c >> 6));
                bytes[1] = (byte)(0x80 | (c & 0x3F));
                break;
            case 3:
                bytes[0] = (byte)(0xE0 | (c >> 12));
                bytes[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[2] = (byte)(0x80 | (c & 0x3F));
                break;
            default:
                bytes[0] = (byte)(0xF0 | (c >> 18));
                bytes[1] = (byte)(0x80 | ((c >> 12) & 0x3F));
                bytes[2] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[3] = (byte)(0x80 | (c & 0x3F));
                break;
        }
    }
}
