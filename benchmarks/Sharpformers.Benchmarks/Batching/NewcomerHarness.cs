using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sharpformers.Benchmarks.Scaling;
using Sharpformers.Generation.Batching;
using Sharpformers.Models;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Batching;

/// <summary>
/// A newcomer's time to first token (<c>batching-newcomer</c> command): first on an idle scheduler, then while
/// <c>--busy</c> clients keep decoding, one newcomer at a time (each streams 4 tokens), for each prompt length of
/// <c>--prompts</c>. Also reports the running rows' step time (median gap between a busy client's tokens) and the longest
/// gap they saw while newcomers joined, which is how long a newcomer's prefill stalls them.
/// Options: <c>--size 50M</c>, <c>--busy 8</c>, <c>--rounds 5</c>, <c>--prompts 16,256</c>, <c>--chunks 64,100000</c>
/// (<see cref="GenerationSchedulerOptions.PrefillChunkTokens"/> values compared in the same run; 0 or 100000 forward whole).
/// </summary>
internal static class NewcomerHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = Option(args, "--size") ?? "50M";
        var busy = Int(args, "--busy", 8);
        var rounds = Int(args, "--rounds", 5);
        var promptLengths = (Option(args, "--prompts") ?? "16,256").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        using var model = AutoModelForCausalLM.FromPretrained(ScalingModels.Folder(size));
        var chunks = (Option(args, "--chunks") ?? "64,100000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var random = new Random(42);
        long[] Prompt(int length) => [.. Enumerable.Range(0, length).Select(_ => (long)random.Next(3, model.VocabSize))];
        Console.WriteLine("mode,size,prefill_chunk_tokens,busy,prompt,rounds,ttft_p50_ms,ttft_max_ms,busy_step_p50_ms,busy_gap_max_ms");
        foreach (var chunkTokens in chunks)
        {
            using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 64, MaxQueueLength = 64, PrefillChunkTokens = chunkTokens });
            await FirstToken(scheduler, Prompt(16)); // warm-up

            foreach (var length in promptLengths)
            {
                var idle = new double[rounds];
                for (var r = 0; r < rounds; r++)
                {
                    idle[r] = await FirstToken(scheduler, Prompt(length));
                }

                Console.WriteLine(string.Join(',', "idle", size, chunkTokens, 0, length, rounds, F(Median(idle)), F(idle.Max()), "", ""));

                using var stop = new CancellationTokenSource();
                var gaps = new ConcurrentBag<double>();
                var started = new CountdownEvent(busy);
                var busyTasks = Enumerable.Range(0, busy).Select(_ => Task.Run(async () =>
                {
                    var clock = Stopwatch.StartNew();
                    var first = true;
                    try
                    {
                        await foreach (var _ in scheduler.GenerateStreamAsync(Prompt(16), new GenerationConfig { MaxNewTokens = (model.Config.MaxPositionEmbeddings ?? 100_016) - 16, EosTokenId = [] }, cancellationToken: stop.Token))
                        {
                            if (first)
                            {
                                started.Signal();
                                first = false;
                            }
                            else
                            {
                                gaps.Add(clock.Elapsed.TotalMilliseconds);
                            }

                            clock.Restart();
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (Exception ex)
                    {
                        // A failed busy client is reported instead of leaving the harness waiting for its first token.
                        Console.Error.WriteLine($"busy client failed: {ex}");
                        if (first)
                        {
                            started.Signal();
                        }
                    }
                })).ToArray();
                // Not a blocking wait: this continuation runs on a pool thread that the busy clients' streams need.
                while (!started.IsSet)
                {
                    await Task.Delay(10);
                }
                await Task.Delay(300);
                gaps.Clear();
                await Task.Delay(700);
                var steady = Median([.. gaps]);
                gaps.Clear();
                var joined = new double[rounds];
                for (var r = 0; r < rounds; r++)
                {
                    joined[r] = await FirstToken(scheduler, Prompt(length));
                    await Task.Delay(100);
                }

                var worstGap = gaps.IsEmpty ? 0 : gaps.Max();
                await stop.CancelAsync();
                await Task.WhenAll(busyTasks);
                Console.WriteLine(string.Join(',', "newcomer-joins-busy", size, chunkTokens, busy, length, rounds, F(Median(joined)), F(joined.Max()), F(steady), F(worstGap)));
            }
        }

        return 0;
    }

    /// <summary>Milliseconds from the call to the first streamed token of a 4-token greedy request.</summary>
    private static async Task<double> FirstToken(GenerationScheduler scheduler, long[] prompt)
    {
        var clock = Stopwatch.StartNew();
        var first = double.NaN;
        await foreach (var _ in scheduler.GenerateStreamAsync(prompt, new GenerationConfig { MaxNewTokens = 4, EosTokenId = [] }))
        {
            if (double.IsNaN(first))
            {
                first = clock.Elapsed.TotalMilliseconds;
            }
        }

        return first;
    }

    private static double Median(double[] values) => values.Length == 0 ? double.NaN : values.Order().ElementAt(values.Length / 2);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
