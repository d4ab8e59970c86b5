using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Streaming;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Testing.Models;

namespace Sharpformers.Generation.Tests.Batching;

/// <summary>
/// Every request in a shared, continuously changing batch returns exactly what <c>Generate</c> returns for it alone (fp32
/// models: token-for-token equality), whether greedy or seeded sampling, joining while others are mid-way, or next to
/// requests that are cancelled.
/// </summary>
public sealed class SchedulerEquivalenceTests
{
    public static TheoryData<ModelFamily, ExportLayout> Layouts => new()
    {
        { ModelFamily.Llama, ExportLayout.Optimum },
        { ModelFamily.Llama, ExportLayout.Genai },
        { ModelFamily.Gpt2, ExportLayout.Merged },
        { ModelFamily.Gpt2, ExportLayout.Split },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Mixed_greedy_and_sampled_requests_joining_mid_way_equal_each_request_alone(ModelFamily family, ExportLayout layout)
    {
        var model = BuilderModels.Get(family, layout);
        var ct = TestContext.Current.CancellationToken;
        var prompts = Prompts(12);
        var configs = prompts.Select((_, i) => Config(i)).ToArray();
        var alone = prompts.Select((p, i) => model.Generate((IReadOnlyList<long>)p, configs[i], cancellationToken: ct).Sequences[0]).ToArray();
        Assert.True(alone.Sum(s => s.Length) - prompts.Sum(p => p.Length) > 60, "the requests should generate enough tokens to overlap");

        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 4 });
        var tasks = new Task<GenerationResult>[prompts.Length];
        for (var i = 0; i < 6; i++)
        {
            tasks[i] = scheduler.GenerateAsync(prompts[i], configs[i], cancellationToken: ct);
        }

        // The second half arrives while the first is running: they queue, then join as rows leave.
        await Task.WhenAny(tasks[..6]);
        for (var i = 6; i < prompts.Length; i++)
        {
            tasks[i] = scheduler.GenerateAsync(prompts[i], configs[i], cancellationToken: ct);
        }

        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(prompts[i].Length, results[i].PromptLength);
            Assert.True(alone[i].SequenceEqual(results[i].Sequences[0]), $"request {i} ({(configs[i].DoSample ? "sampled" : "greedy")}) differs from its run alone");
        }

        await AssertIdle(scheduler);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Cancelled_and_abandoned_streams_leave_without_disturbing_the_other_rows(ModelFamily family, ExportLayout layout)
    {
        var model = BuilderModels.Get(family, layout);
        var ct = TestContext.Current.CancellationToken;
        var prompts = Prompts(6);
        GenerationConfig Long() => new() { MaxNewTokens = 30, EosTokenId = [] };
        var alone = prompts.Select(p => model.Generate((IReadOnlyList<long>)p, Long(), cancellationToken: ct).Sequences[0]).ToArray();

        using var scheduler = new GenerationScheduler(model);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var cancelled = Consume(scheduler.GenerateStreamAsync(prompts[1], Long(), cancellationToken: cancel.Token), stopAfter: int.MaxValue, onToken: n =>
        {
            if (n == 3)
            {
                cancel.Cancel();
            }
        });
        var abandoned = Consume(scheduler.GenerateStreamAsync(prompts[3], Long(), cancellationToken: ct), stopAfter: 5);
        var kept = new[] { 0, 2, 4, 5 }.Select(i => scheduler.GenerateAsync(prompts[i], Long(), cancellationToken: ct)).ToArray();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(5, await abandoned);
        var results = await Task.WhenAll(kept);
        int[] keptIndex = [0, 2, 4, 5];
        for (var k = 0; k < keptIndex.Length; k++)
        {
            Assert.Equal(alone[keptIndex[k]], results[k].Sequences[0]);
        }

        await AssertIdle(scheduler);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_long_prompt_joining_running_rows_is_prefilled_in_chunks_between_their_steps_with_the_same_tokens(ModelFamily family, ExportLayout layout)
    {
        var model = BuilderModels.Get(family, layout);
        var ct = TestContext.Current.CancellationToken;
        long[] busyPrompt = [7, 30, 31, 200];
        var longPrompt = Enumerable.Range(0, 61).Select(t => (long)(3 + ((t * 53) % 300))).ToArray();
        var busyConfig = new GenerationConfig { MaxNewTokens = 120, EosTokenId = [] };
        var longConfig = new GenerationConfig { MaxNewTokens = 12, EosTokenId = [] };
        var run = await NewcomerScenario.RunAsync(model, busyPrompt, busyConfig, longPrompt, longConfig, prefillChunkTokens: 8, ct);
        Assert.True(run.RunningStepsBeforeFirstNewcomerToken >= 5, $"61 prompt tokens in chunks of 8 leave 7 steps to the running row before the newcomer's first token; saw {run.RunningStepsBeforeFirstNewcomerToken}");
    }

    [Fact]
    public async Task Seeded_sampling_is_reproducible_run_to_run_inside_a_batch()
    {
        var model = BuilderModels.Get(ModelFamily.Llama, ExportLayout.Optimum);
        var ct = TestContext.Current.CancellationToken;
        var prompts = Prompts(8);
        GenerationConfig Sampled(int i) => new() { MaxNewTokens = 20, DoSample = true, Seed = 100 + i, Temperature = 1.3f, TopK = 0, EosTokenId = [] };

        async Task<long[][]> Run()
        {
            using var scheduler = new GenerationScheduler(model);
            var results = await Task.WhenAll(prompts.Select((p, i) => scheduler.GenerateAsync(p, Sampled(i), cancellationToken: ct)));
            return results.Select(r => r.Sequences[0]).ToArray();
        }

        var first = await Run();
        var second = await Run();
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
        }

        // The seeds matter: not every row equals its neighbour's continuation under another seed.
        var other = model.Generate((IReadOnlyList<long>)prompts[0], new GenerationConfig { MaxNewTokens = 20, DoSample = true, Seed = 999, Temperature = 1.3f, TopK = 0, EosTokenId = [] }, cancellationToken: ct);
        Assert.NotEqual(first[0], other.Sequences[0]);
    }

    [Fact]
    public async Task Greedy_rows_of_the_expected_fixture_files_come_out_of_one_shared_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        var cases = new[]
        {
            ExpectedGenerationCases.Load("generation-tiny-random-gpt2.json", "greedy-batch2"),
            ExpectedGenerationCases.Load("generation-tiny-random-llama-fp16.json", "greedy-vietnamese-prompt"),
            ExpectedGenerationCases.Load("generation-tiny-random-llama-fp16.json", "greedy-short"),
        };
        var schedulers = new Dictionary<string, GenerationScheduler>();
        try
        {
            var checks = new List<(Task<GenerationResult> Task, long[] Expected)>();
            foreach (var c in cases)
            {
                if (!schedulers.TryGetValue(c.ModelPath, out var scheduler))
                {
                    scheduler = schedulers[c.ModelPath] = new GenerationScheduler(ModelCache.Get(c.ModelPath));
                }

                for (var r = 0; r < c.InputIds.Length; r++)
                {
                    // Each prompt row is its own request (all of them real tokens: the fixtures attend to every id).
                    checks.Add((scheduler.GenerateAsync(c.InputIds[r], c.Config.Clone(), new GenerationOptions { MaxLengthIsExplicit = true }, ct), c.OutputIds[r]));
                }
            }

            foreach (var (task, expected) in checks)
            {
                Assert.Equal(expected, (await task).Sequences[0]);
            }
        }
        finally
        {
            foreach (var scheduler in schedulers.Values)
            {
                scheduler.Dispose();
            }
        }
    }

    [Fact]
    public async Task Beam_search_runs_outside_the_batch_with_the_same_result()
    {
        var model = ModelCache.Gpt2();
        var ct = TestContext.Current.CancellationToken;
        var config = new GenerationConfig { MaxNewTokens = 8, NumBeams = 3, NumReturnSequences = 2, EosTokenId = [98], PadTokenId = 98 };
        long[] prompt = [52, 195, 731, 321];
        Assert.False(GenerationScheduler.CanBatch(config, null));
        using var scheduler = new GenerationScheduler(model);
        var batched = await scheduler.GenerateAsync(prompt, config, cancellationToken: ct);
        var alone = model.Generate((IReadOnlyList<long>)prompt, config, cancellationToken: ct);
        Assert.Equal(alone.Sequences, batched.Sequences);
    }

    internal static long[][] Prompts(int count)
    {
        var prompts = new long[count][];
        for (var i = 0; i < count; i++)
        {
            var length = 1 + ((i * 5) % 13);
            prompts[i] = new long[length];
            for (var t = 0; t < length; t++)
            {
                prompts[i][t] = 3 + (((i * 37) + (t * 11)) % 290);
            }
        }

        return prompts;
    }

    internal static async Task AssertIdle(GenerationScheduler scheduler)
    {
        for (var i = 0; i < 100 && (scheduler.ActiveCount != 0 || scheduler.CacheBytes != 0); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, scheduler.ActiveCount);
        Assert.Equal(0, scheduler.QueueLength);
        Assert.Equal(0, scheduler.CacheBytes);
    }

    private static GenerationConfig Config(int i) => (i % 4) switch
    {
        0 => new GenerationConfig { MaxNewTokens = 6 + (i * 2) },
        1 => new GenerationConfig { MaxNewTokens = 14, DoSample = true, Seed = i, TopK = 20, Temperature = 0.8f },
        2 => new GenerationConfig { MaxNewTokens = 10 + i, RepetitionPenalty = 1.3f, EosTokenId = [] },
        _ => new GenerationConfig { MaxNewTokens = 16, DoSample = true, Seed = 7 * i, TopP = 0.9f, MinP = 0.02f, EosTokenId = [] },
    };

    private static async Task<int> Consume(IAsyncEnumerable<GeneratedToken> stream, int stopAfter, Action<int>? onToken = null)
    {
        var count = 0;
        await foreach (var token in stream)
        {
            count++;
            onToken?.Invoke(count);
            if (count >= stopAfter)
            {
                break;
            }
        }

        return count;
    }
}
