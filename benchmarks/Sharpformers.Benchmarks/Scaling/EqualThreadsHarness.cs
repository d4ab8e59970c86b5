using System.Diagnostics;
using System.Globalization;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// Per-token decode latency at <b>equal intra-op threads</b> (<c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks
/// -- equal-threads</c>): for every size, context and thread count, Sharpformers loaded with <c>IntraOpNumThreads = t</c> and
/// onnxruntime-genai loaded from a twin folder whose <c>genai_config.json</c> sets <c>intra_op_num_threads: t</c>, both on
/// the same generated <c>model.onnx</c> (see <see cref="ScalingModels"/>), batch 1. Each round prefills the context once per
/// runner, then times single steps as <see cref="ScalingHarness"/> does; the runners alternate which goes first from round
/// to round, and the median over every timed step of every round is reported (with the ratio genai / ours: above 1 means
/// Sharpformers is faster). Options: <c>--sizes</c> (default 10M,50M,150M), <c>--contexts</c> (default 128,2048),
/// <c>--threads</c> (default 1,2), <c>--rounds N</c> (default 5), <c>--out FILE</c> (default artifacts/scaling/equal-threads.csv),
/// <c>--ours-config KEY=VALUE[,KEY=VALUE]</c> (ONNX Runtime session config entries for Sharpformers only, e.g.
/// <c>session.intra_op.allow_spinning=0</c>, to try a session setting against the same peer).
/// </summary>
internal static class EqualThreadsHarness
{
    public static int Run(string[] args)
    {
        var sizes = List(args, "--sizes", "10M,50M,150M");
        var contexts = List(args, "--contexts", "128,2048").Select(int.Parse).ToArray();
        var threads = List(args, "--threads", "1,2").Select(int.Parse).ToArray();
        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var oursConfig = SessionConfig(Option(args, "--ours-config"));
        var output = Option(args, "--out") ?? Path.Combine(TestSupport.RepositoryRoot.Path, "artifacts", "scaling", "equal-threads.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var csv = new StreamWriter(output) { AutoFlush = true };
        csv.WriteLine("size,context,threads,rounds,ours_step_median_ms,genai_step_median_ms,genai_over_ours,agreeing_rounds");
        Console.WriteLine($"{rounds} rounds per case, batch 1, median decode step in ms (genai/ours > 1: Sharpformers faster)");
        foreach (var (key, value) in oursConfig)
        {
            Console.WriteLine($"Sharpformers session config: {key} = {value}");
        }

        var clock = Stopwatch.StartNew();
        foreach (var size in sizes)
        {
            var folder = ScalingModels.Folder(size);
            foreach (var t in threads)
            {
                using var ours = new SharpformersGreedyDecoder(folder, t, oursConfig);
                using var peer = new GenAiGreedyDecoder(ScalingModels.GenAiFolderWithThreads(size, t));
                foreach (var context in contexts)
                {
                    var (oursMedian, peerMedian, agreeing) = Measure(size, context, rounds, ours, peer);
                    var row = string.Join(
                        ',',
                        size,
                        Invariant(context),
                        Invariant(t),
                        Invariant(rounds),
                        oursMedian.ToString("0.000", CultureInfo.InvariantCulture),
                        peerMedian.ToString("0.000", CultureInfo.InvariantCulture),
                        (peerMedian / oursMedian).ToString("0.00", CultureInfo.InvariantCulture),
                        Invariant(agreeing));
                    csv.WriteLine(row);
                    Console.WriteLine($"{clock.Elapsed:mm\\:ss} {size,5} context {context,5} threads {t}: ours {oursMedian,8:0.000}  genai {peerMedian,8:0.000}  genai/ours {peerMedian / oursMedian:0.00}  (greedy picks equal in {agreeing}/{rounds} rounds)");
                }
            }
        }

        Console.WriteLine($"wrote {output} in {clock.Elapsed:mm\\:ss}");
        return 0;
    }

    private static (double Ours, double Peer, int AgreeingRounds) Measure(string size, int context, int rounds, SharpformersGreedyDecoder ours, GenAiGreedyDecoder peer)
    {
        var random = new Random(5);
        var prompt = new long[context];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = random.Next(300, ScalingModels.Shapes[size].VocabSize);
        }

        var maxLength = context + 32;
        var oursSteps = new List<double>();
        var peerSteps = new List<double>();
        var agreeing = 0;
        for (var round = 0; round < rounds; round++)
        {
            // The runners alternate which goes first; the peer keeps its sequence, so agreement is checked after both ran.
            List<long[]> picked;
            if (round % 2 == 1)
            {
                peerSteps.AddRange(ScalingHarness.MeasurePeer(peer, prompt, 1, maxLength, []).StepMs);
                var (_, steps, ourPicks) = ScalingHarness.MeasureOurs(ours, prompt, 1, maxLength);
                oursSteps.AddRange(steps);
                picked = ourPicks;
            }
            else
            {
                var (_, steps, ourPicks) = ScalingHarness.MeasureOurs(ours, prompt, 1, maxLength);
                oursSteps.AddRange(steps);
                peerSteps.AddRange(ScalingHarness.MeasurePeer(peer, prompt, 1, maxLength, ourPicks).StepMs);
                picked = ourPicks;
            }

            var tail = peer.Sequence(0).AsSpan(^picked.Count..).ToArray();
            agreeing += picked.Select(step => (int)step[0]).SequenceEqual(tail) ? 1 : 0;
        }

        return (Median(oursSteps), Median(peerSteps), agreeing);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Parses <c>KEY=VALUE[,KEY=VALUE]</c>; none when <paramref name="text"/> is absent.</summary>
    private static List<KeyValuePair<string, string>> SessionConfig(string? text)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"--ours-config entry '{pair}' is not KEY=VALUE");
            }

            entries.Add(new(pair[..equals], pair[(equals + 1)..]));
        }

        return entries;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string[] List(string[] args, string name, string fallback) => (Option(args, name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries);
}
