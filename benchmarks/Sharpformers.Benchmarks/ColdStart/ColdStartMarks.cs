using System.Globalization;

namespace Sharpformers.Benchmarks.ColdStart;

/// <summary>
/// The timing marks of a cold-start breakdown: <c>timing NAME UNIX_MS</c> lines on stderr, written by <c>sharpformers generate</c>
/// and by <see cref="GenAiConsole"/> when <c>SHARPFORMERS_TIMINGS=1</c>, read back by <see cref="ColdStartHarness"/>.
/// </summary>
internal static class ColdStartMarks
{
    public const string EnvironmentVariable = "SHARPFORMERS_TIMINGS";

    /// <summary>The phases of the breakdown, in order, with the marks that bound them (<c>launch</c> is the harness's Process.Start, <c>exit</c> the process exit).</summary>
    public static readonly (string Phase, string From, string To)[] Phases =
    [
        ("process start", "launch", "main"),
        ("tokenizer load", "tokenizer-start", "tokenizer-loaded"),
        ("model load", "main", "model-loaded"),
        ("first token", "loaded", "first-token"),
        ("rest", "first-token", "generated"),
        ("exit", "generated", "exit"),
    ];

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes a mark when enabled.</summary>
    public static void Mark(string name)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"timing {name} {(DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>
    /// The phase durations in ms from the marks in <paramref name="stderr"/>; <c>loaded</c> is the later of tokenizer and model.
    /// They load in parallel from <c>main</c> in <c>sharpformers generate</c>; the genai console loads the tokenizer after the
    /// model and marks <c>tokenizer-start</c>.
    /// </summary>
    public static Dictionary<string, double> Durations(string stderr, double launch, double exit)
    {
        var marks = new Dictionary<string, double> { ["launch"] = launch, ["exit"] = exit };
        foreach (var line in stderr.Split('\n'))
        {
            var parts = line.Trim().Split(' ');
            if (parts is ["timing", var name, var value])
            {
                marks[name] = double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        if (!marks.ContainsKey("tokenizer-start") && marks.TryGetValue("main", out var main))
        {
            marks["tokenizer-start"] = main;
        }

        if (marks.TryGetValue("tokenizer-loaded", out var tokenizer) && marks.TryGetValue("model-loaded", out var model))
        {
            marks["loaded"] = Math.Max(tokenizer, model);
        }

        var durations = new Dictionary<string, double>();
        foreach (var (phase, from, to) in Phases)
        {
            if (marks.TryGetValue(from, out var start) && marks.TryGetValue(to, out var end))
            {
                durations[phase] = end - start;
            }
        }

        return durations;
    }
}
