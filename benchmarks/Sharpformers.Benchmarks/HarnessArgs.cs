using System.Globalization;

namespace Sharpformers.Benchmarks;

/// <summary>The command-line and statistics helpers every hand-written harness (not BenchmarkDotNet) shares.</summary>
internal static class HarnessArgs
{
    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or <see langword="null"/> when absent.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    public static int Int(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–1) of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
