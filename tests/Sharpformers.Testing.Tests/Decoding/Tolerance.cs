using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Tests.Decoding;

/// <summary>Element-wise closeness with a message naming the first differing index.</summary>
internal static class Tolerance
{
    /// <summary>1e-4 for float32, 1e-2 for float16 (absolute, logits are of order one).</summary>
    public static float SameGraph(TensorPrecision precision) => precision == TensorPrecision.Float16 ? 1e-2f : 1e-4f;

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        var worstIndex = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = MathF.Abs(expected[i] - actual[i]);
            if (!(difference <= worst))
            {
                worst = difference;
                worstIndex = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: max |difference| {worst} at index {worstIndex} (expected {(worstIndex >= 0 ? expected[worstIndex] : 0)}, actual {(worstIndex >= 0 ? actual[worstIndex] : 0)}) exceeds {tolerance}");
    }
}
