namespace Sharpformers.Testing.Tests.Decoding;

/// <summary>Builds left-padded batches with transformers' position rule (cumsum(mask) − 1, pads get 1).</summary>
internal static class Batches
{
    /// <summary>Row-major ids, mask and positions [rows, width] with each row left-padded by <paramref name="padId"/>.</summary>
    public static (long[] Ids, long[] Mask, long[] Positions) LeftPadded(IReadOnlyList<long[]> rows, long padId)
    {
        var width = rows.Max(row => row.Length);
        var ids = new long[rows.Count * width];
        var mask = new long[ids.Length];
        var positions = new long[ids.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            var pads = width - rows[r].Length;
            long cumulative = 0;
            for (var c = 0; c < width; c++)
            {
                var real = c >= pads;
                ids[(r * width) + c] = real ? rows[r][c - pads] : padId;
                mask[(r * width) + c] = real ? 1 : 0;
                cumulative += real ? 1 : 0;
                positions[(r * width) + c] = real ? cumulative - 1 : 1;
            }
        }

        return (ids, mask, positions);
    }

    /// <summary>Positions 0…n−1.</summary>
    public static long[] Arange(int start, int count) => Enumerable.Range(start, count).Select(i => (long)i).ToArray();

    /// <summary>Ones.</summary>
    public static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    /// <summary>Seeded token ids in [first, vocab).</summary>
    public static long[] RandomTokens(int seed, int count, int first, int vocab)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (long)random.Next(first, vocab)).ToArray();
    }
}
