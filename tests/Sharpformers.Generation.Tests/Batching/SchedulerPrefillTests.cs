using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Generation.Tests.Batching;

/// <summary>
/// How the scheduler prefills newcomers under the default <see cref="GenerationSchedulerOptions.PrefillChunkTokens"/>: the
/// per-model check of chunking support, whole prefill where the graph refuses chunks, and first-come groups of bounded
/// prefill with decode steps between them; every request still equals its run alone.
/// </summary>
public sealed class SchedulerPrefillTests
{
    public static TheoryData<ModelFamily, ExportLayout> Layouts => SchedulerEquivalenceTests.Layouts;

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_test_model_builder_layouts_take_several_tokens_over_a_past(ModelFamily family, ExportLayout layout) =>
        Assert.True(ChunkedPrefillProbe.Supports(BuilderModels.Get(family, layout), NullLogger.Instance, TestContext.Current.CancellationToken));

    [Fact]
    public void A_genai_model_builder_graph_with_attn_mask_reformat_is_found_unable_to_chunk()
    {
        var model = ModelCache.Llama();
        var ct = TestContext.Current.CancellationToken;
        var logger = new RecordingLogger<GenerationScheduler>();
        Assert.False(ChunkedPrefillProbe.Supports(model, logger, ct));

        // The decision is logged once, at Information, naming the model and ONNX Runtime's refusal.
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("Chunked prefill is off for 'tiny-random-llama-fp16': ONNX Runtime refused", entry.Message, StringComparison.Ordinal);

        // The reason, shown directly: two new tokens over a one-token past fail inside the graph.
        using var cache = model.CreateCache(1);
        model.Forward(cache, [5], [1], [0], ct);
        Assert.ThrowsAny<Exception>(() => model.Forward(cache, [6, 7], [1, 1, 1], [1, 2], ct).ToArray());
    }

    [Fact]
    public void A_failure_other_than_onnx_runtime_refusing_the_graph_propagates_instead_of_reading_as_unsupported()
    {
        var model = AutoModelForCausalLM.FromPretrained(Sharpformers.TestSupport.Fixtures.Require("models", "tiny-random-gpt2"));
        model.Dispose();
        var logger = new RecordingLogger<GenerationScheduler>();
        Assert.Throws<ObjectDisposedException>(() => ChunkedPrefillProbe.Supports(model, logger, TestContext.Current.CancellationToken));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void The_gpt2_fixture_takes_several_tokens_over_a_past() =>
        Assert.True(ChunkedPrefillProbe.Supports(ModelCache.Gpt2(), NullLogger.Instance, TestContext.Current.CancellationToken));

    [Fact]
    public async Task A_long_prompt_joining_a_running_row_of_a_model_that_cannot_chunk_is_prefilled_whole_with_the_same_tokens()
    {
        var model = ModelCache.Llama();
        var ct = TestContext.Current.CancellationToken;
        long[] busyPrompt = [1, 450, 4996, 17354];
        var longPrompt = Enumerable.Range(0, 90).Select(t => (long)(3 + ((t * 97) % 31000))).ToArray();
        var busyConfig = new GenerationConfig { MaxNewTokens = 60, EosTokenId = [] };
        var longConfig = new GenerationConfig { MaxNewTokens = 10, EosTokenId = [] };
        var run = await NewcomerScenario.RunAsync(model, busyPrompt, busyConfig, longPrompt, longConfig, prefillChunkTokens: 16, ct);

        // Whole, not in chunks: at most the step already under way runs between the submission and the first token.
        Assert.True(run.RunningStepsBeforeFirstNewcomerToken <= 1, run.ToString());
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_burst_is_prefilled_first_come_first_served_in_groups_with_steps_between_and_the_same_tokens(ModelFamily family, ExportLayout layout)
    {
        var model = BuilderModels.Get(family, layout);
        var ct = TestContext.Current.CancellationToken;
        var prompts = Enumerable.Range(0, 6).Select(i => Enumerable.Range(0, 7 + i).Select(t => (long)(3 + (((i * 41) + (t * 13)) % 290))).ToArray()).ToArray();
        GenerationConfig Config(int i) => new() { MaxNewTokens = 12, EosTokenId = [] };
        var alone = prompts.Select((p, i) => model.Generate((IReadOnlyList<long>)p, Config(i), cancellationToken: ct).Sequences[0]).ToArray();

        // A budget of 12 padded tokens fits one of these prompts (7–12 tokens) per group, never two.
        var log = new ConcurrentQueue<int>();
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { PrefillChunkTokens = 12 });
        var tasks = prompts.Select((p, i) => scheduler.GenerateAsync(p, Config(i), new GenerationOptions { LogitsProcessors = [new StepRecorder(() => log.Enqueue(i))] }, ct)).ToArray();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(alone[i], results[i].Sequences[0]);
        }

        // First tokens in submission order, and the earlier rows keep stepping while the later ones are prefilled.
        var order = log.ToArray();
        var firstTokenAt = Enumerable.Range(0, prompts.Length).Select(i => Array.IndexOf(order, i)).ToArray();
        Assert.Equal([.. firstTokenAt.Order()], firstTokenAt);
        Assert.True(order.Take(firstTokenAt[^1]).Count(r => r == 0) >= prompts.Length - 1, string.Join(",", order));
        await SchedulerEquivalenceTests.AssertIdle(scheduler);
    }
}
