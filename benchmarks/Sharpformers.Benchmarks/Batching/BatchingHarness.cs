using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntimeGenAI;
using Sharpformers.Benchmarks.Scaling;
using Sharpformers.Generation;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Batching;

/// <summary>
/// Aggregate throughput of concurrent clients (<c>batching</c> command): each client streams greedy generation of a fixed
/// number of new tokens (eos disabled, so every client gets exactly that many) from its own random prompt, all clients
/// starting together. Runners: the continuous-batching <see cref="GenerationScheduler"/>; today's one decode loop per request
/// (<c>GenerateStreamAsync</c> per client, concurrently); onnxruntime-genai one request at a time (its <c>Generator</c>,
/// requests back to back). Reports aggregate tokens/s (all new tokens / wall time), time to first token (from the common
/// start; for the sequential peer it includes the wait for the requests before it), and the process's CPU seconds (tokens
/// per CPU-second is the fair figure on a machine shared with other work).
/// Options: <c>--sizes 50M,150M</c> (headline sizes), <c>--clients 16</c>, <c>--new-tokens 128</c>, <c>--sweep 1,2,4,8,16,32</c>
/// with <c>--sweep-size 50M</c> and <c>--sweep-tokens 32</c> (the concurrency curve, scheduler and per-request loop),
/// <c>--prompt 16</c> (prompt tokens per client), <c>--no-genai</c>, <c>--out FILE</c> (default artifacts/batching/batching.csv).
/// <c>--steady-requests N</c> switches to the closed-loop mode (<see cref="SteadyStateMode"/>: N requests per client back
/// to back, burst and steady-state time to first token against an idle client measured the same way).
/// Models are the scaling benchmark's generated Llama folders (<see cref="ScalingModels"/>).
/// </summary>
internal static class BatchingHarness
{
    public const string Scheduler = "scheduler";
    public const string PerRequest = "loop-per-request";
    public const string GenAi = "onnxruntime-genai-sequential";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Option(args, "--steady-requests") is not null)
        {
            return await SteadyStateMode.RunAsync(args, Option(args, "--out") ?? Path.Combine(TestSupport.RepositoryRoot.Path, "artifacts", "batching", "steady.csv"));
        }

        var output = Option(args, "--out") ?? Path.Combine(TestSupport.RepositoryRoot.Path, "artifacts", "batching", "batching.csv");
        var sizes = (Option(args, "--sizes") ?? "50M,150M").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var clients = Int(args, "--clients", 16);
        var newTokens = Int(args, "--new-tokens", 128);
        var promptLength = Int(args, "--prompt", 16);
        var sweep = (Option(args, "--sweep") ?? "1,2,4,8,16,32").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var sweepSize = Option(args, "--sweep-size") ?? "50M";
        var sweepTokens = Int(args, "--sweep-tokens", 32);
        var genAi = !args.Contains("--no-genai");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var csv = new StreamWriter(output) { AutoFlush = true };
        await csv.WriteLineAsync("runner,size,clients,new_tokens,wall_s,tokens,tokens_per_s,ttft_p50_ms,ttft_p90_ms,cpu_s,tokens_per_cpu_s");

        foreach (var size in sizes.Append(sweepSize).Distinct())
        {
            var folder = ScalingModels.Folder(size);
            using var model = AutoModelForCausalLM.FromPretrained(folder);
            var vocab = model.VocabSize;
            using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 64, MaxQueueLength = 64 });
            await RunScheduler(scheduler, Prompts(2, promptLength, vocab), 4); // warm-up
            await RunPerRequest(model, Prompts(2, promptLength, vocab), 4);

            if (sizes.Contains(size))
            {
                var prompts = Prompts(clients, promptLength, vocab);
                await Write(csv, Scheduler, size, newTokens, await RunScheduler(scheduler, Prompts(1, promptLength, vocab), newTokens)); // idle: one client
                await Write(csv, Scheduler, size, newTokens, await RunScheduler(scheduler, prompts, newTokens));
                await Write(csv, PerRequest, size, newTokens, await RunPerRequest(model, prompts, newTokens));
                if (genAi)
                {
                    using var peer = new Model(folder);
                    RunGenAi(peer, Prompts(1, promptLength, vocab), 4);
                    await Write(csv, GenAi, size, newTokens, RunGenAi(peer, prompts, newTokens));
                }
            }

            if (size == sweepSize)
            {
                foreach (var c in sweep)
                {
                    var prompts = Prompts(c, promptLength, vocab);
                    await Write(csv, Scheduler, size, sweepTokens, await RunScheduler(scheduler, prompts, sweepTokens));
                    await Write(csv, PerRequest, size, sweepTokens, await RunPerRequest(model, prompts, sweepTokens));
                }
            }
        }

        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static GenerationConfig Greedy(int newTokens) => new() { MaxNewTokens = newTokens, EosTokenId = [] };

    private static Task<Measurement> RunScheduler(GenerationScheduler scheduler, long[][] prompts, int newTokens) =>
        Measure(prompts, (prompt, ct) => scheduler.GenerateStreamAsync(prompt, Greedy(newTokens), cancellationToken: ct));

    private static Task<Measurement> RunPerRequest(CausalLanguageModel model, long[][] prompts, int newTokens) =>
        Measure(prompts, (prompt, ct) => model.GenerateStreamAsync(prompt, Greedy(newTokens), cancellationToken: ct));

    private static async Task<Measurement> Measure(long[][] prompts, Func<long[], CancellationToken, IAsyncEnumerable<GeneratedToken>> start)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var firstTokens = new double[prompts.Length];
        var counts = await Task.WhenAll(prompts.Select((prompt, i) => Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in start(prompt, CancellationToken.None))
            {
                if (count++ == 0)
                {
                    firstTokens[i] = clock.Elapsed.TotalMilliseconds;
                }
            }

            return count;
        })));
        return new Measurement(prompts.Length, clock.Elapsed.TotalSeconds, counts.Sum(), firstTokens, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static Measurement RunGenAi(Model model, long[][] prompts, int newTokens)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var firstTokens = new double[prompts.Length];
        var tokens = 0;
        for (var i = 0; i < prompts.Length; i++)
        {
            using var parameters = new GeneratorParams(model);
            parameters.SetSearchOption("max_length", prompts[i].Length + newTokens);
            parameters.SetSearchOption("min_length", prompts[i].Length + newTokens);
            parameters.SetSearchOption("do_sample", false);
            using var generator = new Generator(model, parameters);
            generator.AppendTokens(Array.ConvertAll(prompts[i], id => (int)id));
            for (var t = 0; t < newTokens && !generator.IsDone(); t++)
            {
                generator.GenerateNextToken();
                tokens++;
                if (t == 0)
                {
                    firstTokens[i] = clock.Elapsed.TotalMilliseconds;
                }
            }
        }

        return new Measurement(prompts.Length, clock.Elapsed.TotalSeconds, tokens, firstTokens, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task Write(StreamWriter csv, string runner, string size, int newTokens, Measurement m)
    {
        var line = string.Join(',', runner, size, m.Clients, newTokens, F(m.WallSeconds), m.Tokens, F(m.Tokens / m.WallSeconds), F(Percentile(m.FirstTokensMs, 0.5)), F(Percentile(m.FirstTokensMs, 0.9)), F(m.CpuSeconds), F(m.Tokens / m.CpuSeconds));
        Console.WriteLine(line);
        await csv.WriteLineAsync(line);
    }

    private static long[][] Prompts(int count, int length, int vocab)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => (long)random.Next(3, vocab)).ToArray())];
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>One run; <see cref="CpuSeconds"/> is this process's CPU time over it, so tokens per CPU-second does not depend on the share of a loaded machine a runner's threads win.</summary>
    private sealed record Measurement(int Clients, double WallSeconds, int Tokens, double[] FirstTokensMs, double CpuSeconds);
}
