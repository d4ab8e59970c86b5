using System.Diagnostics;
using System.Globalization;
using Sharpformers.Benchmarks.Scaling;
using Sharpformers.Generation.Batching;
using Sharpformers.Models;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Batching;

/// <summary>
/// The closed-loop mode of the <c>batching</c> command (<c>--steady-requests N</c>): each of <c>--clients</c> clients sends
/// N requests back to back (the next one as soon as the previous one's last token arrives), all clients starting together.
/// Each request streams greedy tokens (eos disabled) from its own random <c>--prompt</c>-token prompt; its number of new
/// tokens is drawn uniformly from [½, 1½] × <c>--new-tokens</c> (seeded), so the clients drift apart after the first wave
/// as they would on a real server. Time to first token is measured from each request's own submission and reported
/// separately for the initial burst (every client's first request) and for the steady state (every later request).
/// The idle reference is measured the same way with one client. Each <c>--chunks</c> value
/// (<see cref="GenerationSchedulerOptions.PrefillChunkTokens"/>; 0 = no limit, the whole burst prefilled in one forward)
/// runs on its own scheduler in the same process, interleaved over <c>--rounds</c> rounds.
/// </summary>
internal static class SteadyStateMode
{
    public static async Task<int> RunAsync(string[] args, string output)
    {
        var size = Option(args, "--sizes")?.Split(',')[0] ?? "50M";
        var clients = Int(args, "--clients", 16);
        var requests = Int(args, "--steady-requests", 4);
        var newTokens = Int(args, "--new-tokens", 32);
        var promptLength = Int(args, "--prompt", 16);
        var rounds = Int(args, "--rounds", 1);
        var chunks = (Option(args, "--chunks") ?? $"0,{GenerationSchedulerOptions.DefaultPrefillChunkTokens}").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        using var model = AutoModelForCausalLM.FromPretrained(ScalingModels.Folder(size));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var csv = new StreamWriter(output) { AutoFlush = true };
        await csv.WriteLineAsync("round,size,prefill_chunk_tokens,clients,requests_per_client,prompt,new_tokens_mean,wall_s,tokens_per_s,burst_ttft_p50_ms,burst_ttft_p90_ms,steady_ttft_p50_ms,steady_ttft_p90_ms,steady_requests,load_average");
        Console.WriteLine("round,size,prefill_chunk_tokens,clients,requests_per_client,prompt,new_tokens_mean,wall_s,tokens_per_s,burst_ttft_p50_ms,burst_ttft_p90_ms,steady_ttft_p50_ms,steady_ttft_p90_ms,steady_requests,load_average");
        var schedulers = chunks.Select(c => new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 64, MaxQueueLength = 256, PrefillChunkTokens = c })).ToArray();
        try
        {
            foreach (var scheduler in schedulers)
            {
                await Run(scheduler, 2, 2, promptLength, 4, model.VocabSize); // warm-up
            }

            for (var round = 0; round < rounds; round++)
            {
                for (var s = 0; s < schedulers.Length; s++)
                {
                    foreach (var c in new[] { 1, clients })
                    {
                        var m = await Run(schedulers[s], c, requests, promptLength, newTokens, model.VocabSize);
                        var line = string.Join(',', round, size, chunks[s], c, requests, promptLength, newTokens, F(m.WallSeconds), F(m.Tokens / m.WallSeconds),
                            F(Percentile(m.Burst, 0.5)), F(Percentile(m.Burst, 0.9)), F(Percentile(m.Steady, 0.5)), F(Percentile(m.Steady, 0.9)), m.Steady.Length, LoadAverage());
                        Console.WriteLine(line);
                        await csv.WriteLineAsync(line);
                    }
                }
            }
        }
        finally
        {
            foreach (var scheduler in schedulers)
            {
                scheduler.Dispose();
            }
        }

        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static async Task<Result> Run(GenerationScheduler scheduler, int clients, int requests, int promptLength, int newTokens, int vocab)
    {
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(1000 + client);
            var ttft = new double[requests];
            var tokens = 0;
            for (var r = 0; r < requests; r++)
            {
                long[] prompt = [.. Enumerable.Range(0, promptLength).Select(_ => (long)random.Next(3, vocab))];
                var count = random.Next(Math.Max(1, newTokens / 2), Math.Max(2, (newTokens * 3 / 2) + 1));
                var submitted = clock.Elapsed.TotalMilliseconds;
                var first = true;
                await foreach (var _ in scheduler.GenerateStreamAsync(prompt, new GenerationConfig { MaxNewTokens = count, EosTokenId = [] }))
                {
                    if (first)
                    {
                        ttft[r] = clock.Elapsed.TotalMilliseconds - submitted;
                        first = false;
                    }

                    tokens++;
                }
            }

            return (Ttft: ttft, Tokens: tokens);
        })));
        return new Result(clock.Elapsed.TotalSeconds, perClient.Sum(c => c.Tokens), [.. perClient.Select(c => c.Ttft[0])], [.. perClient.SelectMany(c => c.Ttft.Skip(1))]);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Result(double WallSeconds, int Tokens, double[] Burst, double[] Steady);
}
