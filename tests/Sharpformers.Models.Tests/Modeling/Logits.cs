namespace Sharpformers.Models.Tests.Modeling;

internal static class Logits
{
    /// <summary>Asserts element-wise closeness, naming the first differing index.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs(expected[i] - actual[i]);
            if (!(diff <= tolerance))
            {
                Assert.Fail($"{what}: index {i} expected {expected[i]} but got {actual[i]} (|diff| {diff} > {tolerance})");
            }
        }
    }

    public static float[] Row(ReadOnlySpan<float> all, int row, int vocab) => all.Slice(row * vocab, vocab).ToArray();

    public static float MaxAbs(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }
}
