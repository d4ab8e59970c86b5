using System.Diagnostics;
using Sharpformers.Generation.Constraints;

namespace Sharpformers.Benchmarks.Constraints;

/// <summary>
/// Per-step latency distribution of constrained decoding (median, p99, max), which BenchmarkDotNet's per-invocation
/// statistics cannot give: every step of many random trajectories is timed with a Stopwatch, on a fresh constraint
/// (cold: masks computed as states are first met) and again on the same constraint (warm: cached masks), plus the
/// bytes allocated per warm step. Run: <c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks -- constraint-latency</c>.
/// </summary>
internal static class ConstraintLatencyHarness
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var workload = new ConstraintWorkload();
        var setup = Stopwatch.StartNew();
        var sampler = TokenConstraint.JsonSchema(ConstraintWorkload.NestedSchema);
        var trajectories = workload.Trajectories(sampler, count, seed: 11);
        Console.WriteLine($"vocabulary {workload.VocabSize} ids, {trajectories.Count} trajectories, {trajectories.Sum(t => t.Length)} steps (setup {setup.ElapsedMilliseconds} ms)");

        var constraint = TokenConstraint.JsonSchema(ConstraintWorkload.NestedSchema);
        Report("cold (fresh constraint, first pass)", Time(workload, constraint, trajectories, out _));
        Report("warm (same constraint, second pass)", Time(workload, constraint, trajectories, out var allocated));
        Console.WriteLine($"allocated per warm step: {allocated / (double)trajectories.Sum(t => t.Length):F1} bytes");
        return 0;
    }

    private static List<double> Time(ConstraintWorkload workload, TokenConstraint constraint, List<long[]> trajectories, out long allocated)
    {
        var scores = new float[workload.VocabSize];
        var noise = new float[workload.VocabSize];
        var random = new Random(5);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)random.NextDouble();
        }

        var times = new List<double>(trajectories.Sum(t => t.Length));

        // One tracker per generate call (its vocabulary-sized scratch is per call, not per step): created before timing.
        var trackers = trajectories.Select(_ => workload.NewTracker(constraint)).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < trajectories.Count; k++)
        {
            var trajectory = trajectories[k];
            var tracker = trackers[k];
            for (var length = 0; length < trajectory.Length; length++)
            {
                noise.CopyTo(scores, 0);
                var start = Stopwatch.GetTimestamp();
                tracker.Process(trajectory.AsSpan(0, length), scores);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return times;
    }

    private static void Report(string what, List<double> times)
    {
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)(q * times.Count))];
        Console.WriteLine($"{what}: median {At(0.5):F1} µs, p90 {At(0.9):F1} µs, p99 {At(0.99):F1} µs, max {times[^1]:F0} µs, mean {times.Average():F1} µs over {times.Count} steps");
    }
}
