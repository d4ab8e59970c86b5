using System.Diagnostics;
using System.Globalization;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// The scaling run behind docs/benchmarks.md (<c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks -- scaling</c>):
/// for every measured <see cref="ScalingCase"/> each runner prefills the prompt once (timed, reported apart), decodes
/// <see cref="WarmupSteps"/> untimed steps, then <see cref="TimedSteps"/> steps timed one by one; the median step is the
/// per-token latency of the batch. Both runners load the same generated folder in this process. Cases run size by size
/// (the runners of a size are disposed before the next is loaded: ONNX Runtime's arenas keep their peak, which the large
/// prefills push to gigabytes) and stop when the time budget is spent; results go to a CSV as they come.
/// Options: <c>--out FILE</c> (default artifacts/scaling/scaling.csv), <c>--budget-s N</c> (default 1500),
/// <c>--single-thread</c> (adds Sharpformers with one intra-op thread at batch 1), <c>--genai-two-threads</c> (adds
/// onnxruntime-genai with <c>intra_op_num_threads: 2</c> in its session options, every case), <c>--prepare</c> (only writes the model
/// folders, so that generating them is not mixed with measuring), <c>--cases SIZE:CONTEXT:BATCH,...</c> (runs exactly these,
/// even past the <see cref="ScalingCase.SkipReason"/> limits: the large cases, in a run of their own); sizes, contexts and batches come from the
/// SHARPFORMERS_SCALING_* variables as in <see cref="DecodeScalingBenchmarks"/>.
/// </summary>
internal static class ScalingHarness
{
    public const string Ours = "sharpformers";
    public const string OursSingleThread = "sharpformers-1-thread";
    public const string Peer = "onnxruntime-genai";
    public const string PeerTwoThreads = "onnxruntime-genai-2-threads";
    private const int WarmupSteps = 2;
    private const int TimedSteps = 16;

    public static int Run(string[] args)
    {
        var output = Option(args, "--out") ?? Path.Combine(TestSupport.RepositoryRoot.Path, "artifacts", "scaling", "scaling.csv");
        var budget = TimeSpan.FromSeconds(double.Parse(Option(args, "--budget-s") ?? "1500", CultureInfo.InvariantCulture));
        var singleThread = args.Contains("--single-thread");
        var genAiTwoThreads = args.Contains("--genai-two-threads");
        if (args.Contains("--prepare"))
        {
            foreach (var size in DecodeScalingBenchmarks.Sizes())
            {
                Console.WriteLine($"{size}: {ScalingModels.Folder(size)} ({ScalingModels.Shapes[size].ParameterCount:N0} parameters)");
            }

            return 0;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var cases = (from size in DecodeScalingBenchmarks.Sizes()
                     from batch in DecodeScalingBenchmarks.Batches()
                     from context in DecodeScalingBenchmarks.Contexts()
                     select new ScalingCase(size, context, batch)).ToList();
        var list = Option(args, "--cases");
        var forced = list is not null;
        if (list is not null)
        {
            cases = [.. list.Split(',').Select(text => text.Split(':')).Select(f => new ScalingCase(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture)))];
        }

        Runners? runners = null;
        var clock = Stopwatch.StartNew();
        using var csv = new StreamWriter(output) { AutoFlush = true };
        using var skipped = new StreamWriter(Path.ChangeExtension(output, ".skipped.csv")) { AutoFlush = true };
        csv.WriteLine(ScalingResult.CsvHeader);
        skipped.WriteLine("size,context,batch,reason");
        try
        {
            foreach (var item in cases)
            {
                var reason = (forced ? null : item.SkipReason) ?? (clock.Elapsed > budget ? $"time budget of {budget.TotalSeconds:0} s spent" : null);
                if (reason is not null)
                {
                    skipped.WriteLine($"{item.Size},{item.Context},{item.Batch},\"{reason}\"");
                    Console.WriteLine($"skip {item}: {reason}");
                    continue;
                }

                if (runners?.Size != item.Size)
                {
                    runners?.Dispose();
                    runners = null;
                    var folder = ScalingModels.Folder(item.Size);
                    runners = new Runners(
                        item.Size,
                        new SharpformersGreedyDecoder(folder),
                        singleThread ? new SharpformersGreedyDecoder(folder, 1) : null,
                        new GenAiGreedyDecoder(folder),
                        genAiTwoThreads ? new GenAiGreedyDecoder(ScalingModels.GenAiFolderWithThreads(item.Size, 2)) : null);
                }

                foreach (var result in Measure(item, runners, singleThread && item.Batch == 1))
                {
                    csv.WriteLine(result.ToCsv());
                    Console.WriteLine($"{clock.Elapsed:mm\\:ss} {result.ToCsv()}");
                }
            }
        }
        finally
        {
            runners?.Dispose();
        }

        Console.WriteLine($"wrote {output} in {clock.Elapsed:mm\\:ss}");
        return 0;
    }

    private static List<ScalingResult> Measure(ScalingCase item, Runners runners, bool withSingleThread)
    {
        var options = ScalingModels.Shapes[item.Size];
        var random = new Random(5);
        var prompt = new long[item.PromptTokens];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = random.Next(300, options.VocabSize);
        }

        var picks = 1 + WarmupSteps + TimedSteps;
        var maxLength = item.Context + picks + 1;
        var (oursPrefill, oursSteps, oursTokens) = MeasureOurs(runners.Ours, prompt, item.Batch, maxLength);

        var (peerPrefill, peerSteps, agreeing) = MeasurePeer(runners.Peer, prompt, item.Batch, maxLength, oursTokens);
        var results = new List<ScalingResult>
        {
            new(Ours, item, oursPrefill, oursSteps, agreeing),
            new(Peer, item, peerPrefill, peerSteps, agreeing),
        };
        if (runners.PeerTwoThreads is { } twoThreads)
        {
            var (prefill, steps, same) = MeasurePeer(twoThreads, prompt, item.Batch, maxLength, oursTokens);
            results.Add(new(PeerTwoThreads, item, prefill, steps, same));
        }

        if (withSingleThread && runners.OursSingleThread is { } single)
        {
            var (prefill, steps, tokens) = MeasureOurs(single, prompt, item.Batch, maxLength);
            var same = 0;
            for (var row = 0; row < item.Batch; row++)
            {
                same += SameRow(tokens, row, [.. oursTokens.Select(step => (int)step[row])]) ? 1 : 0;
            }

            results.Add(new(OursSingleThread, item, prefill, steps, same));
        }

        return results;
    }

    /// <summary>
    /// onnxruntime-genai: AppendTokens runs the prompt; the first GenerateNextToken only picks from those logits, each later
    /// one runs the model on the last token and picks, as one Sharpformers step does. Also counts the rows whose picks equal ours.
    /// </summary>
    internal static (double PrefillMs, double[] StepMs, int AgreeingRows) MeasurePeer(GenAiGreedyDecoder peer, long[] prompt, int batch, int maxLength, List<long[]> oursTokens)
    {
        var clock = Stopwatch.StartNew();
        peer.Prefill(Array.ConvertAll(prompt, id => (int)id), batch, maxLength);
        peer.Step();
        var prefill = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < WarmupSteps; i++)
        {
            peer.Step();
        }

        var steps = TimeSteps(peer.Step);
        var agreeing = 0;
        for (var row = 0; row < batch; row++)
        {
            agreeing += SameRow(oursTokens, row, peer.Sequence(row).AsSpan(^oursTokens.Count..)) ? 1 : 0;
        }

        return (prefill, steps, agreeing);
    }

    /// <summary>Whether <paramref name="picked"/> (one array per step) gives <paramref name="expected"/> for <paramref name="row"/>.</summary>
    private static bool SameRow(List<long[]> picked, int row, ReadOnlySpan<int> expected)
    {
        if (picked.Count != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (picked[i][row] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    internal static (double PrefillMs, double[] StepMs, List<long[]> Picked) MeasureOurs(SharpformersGreedyDecoder ours, long[] prompt, int batch, int maxLength)
    {
        var clock = Stopwatch.StartNew();
        ours.Prefill(prompt, batch, maxLength);
        var prefill = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < WarmupSteps; i++)
        {
            ours.Step();
        }

        var steps = TimeSteps(ours.Step);
        return (prefill, steps, [.. ours.Picked]);
    }

    private static double[] TimeSteps(Action step)
    {
        var times = new double[TimedSteps];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }

    private sealed record Runners(string Size, SharpformersGreedyDecoder Ours, SharpformersGreedyDecoder? OursSingleThread, GenAiGreedyDecoder Peer, GenAiGreedyDecoder? PeerTwoThreads) : IDisposable
    {
        public void Dispose()
        {
            Ours.Dispose();
            OursSingleThread?.Dispose();
            Peer.Dispose();
            PeerTwoThreads?.Dispose();
        }
    }
}
