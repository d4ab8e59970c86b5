using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Constraints;

namespace Sharpformers.Pipelines.Tests;

/// <summary>
/// Pipelines, the DI singleton and the chat client go through the continuous-batching scheduler by default; concurrent
/// requests give the same text as with batching off, and a full queue surfaces as <see cref="GenerationQueueFullException"/>.
/// </summary>
public sealed class ContinuousBatchingPipelineTests
{
    private static readonly TextGenerationParameters[] Mixed =
    [
        new() { MaxNewTokens = 12, DoSample = false },
        new() { MaxNewTokens = 10, DoSample = true, Seed = 5, Temperature = 0.7f, TopK = 30 },
        new() { MaxNewTokens = 16, DoSample = false, RepetitionPenalty = 1.4f },
        new() { MaxNewTokens = 9, DoSample = true, Seed = 9, TopP = 0.8f },
        new() { MaxNewTokens = 14, DoSample = false, StopStrings = ["e"] },
        new() { MaxNewTokens = 7, DoSample = false, MinNewTokens = 5 },
    ];

    [Fact]
    public async Task Concurrent_pipeline_calls_and_streams_equal_the_same_calls_with_batching_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var batched = FixtureModels.Llama;
        Assert.NotNull(batched.Scheduler);
        using var plain = Pipeline.CreateTextGeneration(FixtureModels.LlamaFolder, new PipelineOptions { ContinuousBatching = false });
        Assert.Null(plain.Scheduler);
        string[] prompts = ["Hello there", "The quick brown fox", "a", "Once upon a time in a land", "zebra zebra", "1 2 3 4"];

        var expected = new string[prompts.Length];
        for (var i = 0; i < prompts.Length; i++)
        {
            expected[i] = (await plain.GenerateAsync(prompts[i], Mixed[i], ct))[0].GeneratedText;
        }

        var (results, streamed) = await CallAndStreamAtOnce(batched, prompts, i => Mixed[i], ct);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(expected[i], results[i]);
            Assert.Equal(expected[i][prompts[i].Length..], streamed[i]);
        }

        // A batch of prompts in one call is split into requests of the shared batch.
        var batch = await batched.GenerateAsync(prompts, Mixed[0], ct);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal((await plain.GenerateAsync(prompts[i], Mixed[0], ct))[0].GeneratedText, batch[i][0].GeneratedText);
        }
    }

    [Fact]
    public async Task Constrained_calls_share_the_batch_and_equal_the_same_calls_with_batching_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var batched = FixtureModels.Gpt2;
        Assert.NotNull(batched.Scheduler);
        using var plain = Pipeline.CreateTextGeneration(FixtureModels.Gpt2Folder, new PipelineOptions { ContinuousBatching = false });
        const string pattern = "[a-z]{2,6}@[a-z]{2,4}\\.(com|org)";
        TextGenerationParameters[] parameters =
        [
            new() { MaxNewTokens = 30, DoSample = false, Constraint = TokenConstraint.Regex(pattern) },
            new() { MaxNewTokens = 12, DoSample = false },
            new() { MaxNewTokens = 30, DoSample = true, Seed = 4, Temperature = 1.5f, TopK = 0, Constraint = TokenConstraint.Choice(["alpha", "beta gamma", "delta"]) },
            new() { MaxNewTokens = 40, DoSample = false, Constraint = TokenConstraint.JsonSchema("""{"type":"object","properties":{"b":{"type":"boolean"}},"required":["b"],"additionalProperties":false}""") },
        ];
        string[] prompts = ["a", "b", "c", "d"];
        var expected = new string[prompts.Length];
        for (var i = 0; i < prompts.Length; i++)
        {
            expected[i] = (await plain.GenerateAsync(prompts[i], parameters[i] with { ReturnFullText = false }, ct))[0].GeneratedText;
        }

        var (results, streamed) = await CallAndStreamAtOnce(batched, prompts, i => parameters[i] with { ReturnFullText = false }, ct);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(expected[i], results[i]);
            Assert.Equal(expected[i], streamed[i]);
        }

        // The constraints were in force on the batched path (a random model does not write these by chance). The fixture's
        // end-of-sequence id 98 is a plain byte token, so the decoded text keeps it as a trailing U+FFFD, as transformers does.
        Assert.Matches("^" + pattern + "\uFFFD?$", results[0]);
        Assert.Contains(results[2].TrimEnd('\uFFFD'), new[] { "alpha", "beta gamma", "delta" });
        Assert.Matches("^\\{\\s*\"b\"\\s*:\\s*(true|false)\\s*\\}\uFFFD?$", results[3]);
    }

    [Fact]
    public async Task The_chat_client_batches_concurrent_conversations_with_the_same_replies()
    {
        var ct = TestContext.Current.CancellationToken;
        using var batched = new TextGenerationChatClient(FixtureModels.Llama);
        using var plainPipeline = Pipeline.CreateTextGeneration(FixtureModels.LlamaFolder, new PipelineOptions { ContinuousBatching = false });
        using var plain = new TextGenerationChatClient(plainPipeline);
        string[] questions = ["Xin chào", "What is 2+2?", "Tell me a story", "hi"];
        var options = new ChatOptions { MaxOutputTokens = 8, Temperature = 0 };
        var expected = new string[questions.Length];
        for (var i = 0; i < questions.Length; i++)
        {
            expected[i] = (await plain.GetResponseAsync([new ChatMessage(ChatRole.User, questions[i])], options, ct)).Text;
        }

        var replies = await Task.WhenAll(questions.Select(q => batched.GetResponseAsync([new ChatMessage(ChatRole.User, q)], options, ct)));
        Assert.Equal(expected, replies.Select(r => r.Text).ToArray());
    }

    [Fact]
    public async Task A_full_queue_throws_a_typed_exception_and_cancels_the_rest_of_a_refused_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pipeline = Pipeline.CreateTextGeneration(FixtureModels.Gpt2Folder, new PipelineOptions { Scheduler = new GenerationSchedulerOptions { MaxBatchSize = 1, MaxQueueLength = 0 } });
        var scheduler = pipeline.Scheduler!;

        // Three prompts against room for one: the call is refused and its admitted prompt does not keep running.
        await Assert.ThrowsAsync<GenerationQueueFullException>(() => pipeline.GenerateAsync(["a", "b", "c"], new TextGenerationParameters { MaxNewTokens = 50 }, ct));
        for (var i = 0; i < 200 && scheduler.ActiveCount + scheduler.QueueLength > 0; i++)
        {
            await Task.Delay(10, ct);
        }

        Assert.Equal(0, scheduler.ActiveCount + scheduler.QueueLength);
        Assert.Single(await pipeline.GenerateAsync(["a"], new TextGenerationParameters { MaxNewTokens = 3 }, ct));
    }

    [Fact]
    public void The_scheduler_is_registered_per_model_and_configuration_turns_batching_off()
    {
        var services = new ServiceCollection();
        services.AddSharpformers(o => o.Scheduler = new GenerationSchedulerOptions { MaxBatchSize = 3 }).AddTextGenerationPipeline(FixtureModels.Gpt2Folder);
        using (var provider = services.BuildServiceProvider())
        {
            var scheduler = provider.GetRequiredService<GenerationScheduler>();
            Assert.Same(provider.GetRequiredService<TextGenerationPipeline>().Scheduler, scheduler);
            Assert.Equal(3, scheduler.Options.MaxBatchSize);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sharpformers:ContinuousBatching"] = "false" }).Build();
        var off = new ServiceCollection();
        off.AddSharpformers(configuration).AddTextGenerationPipeline(FixtureModels.Gpt2Folder);
        using var offProvider = off.BuildServiceProvider();
        Assert.Null(offProvider.GetRequiredService<TextGenerationPipeline>().Scheduler);
        Assert.Contains("ContinuousBatching", Assert.Throws<InvalidOperationException>(() => offProvider.GetRequiredService<GenerationScheduler>()).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts one call and one stream per prompt, all at once on <paramref name="pipeline"/>; returns each call's generated text
    /// and each stream's concatenated pieces (streams never repeat the prompt).
    /// </summary>
    private static async Task<(string[] Called, string[] Streamed)> CallAndStreamAtOnce(
        TextGenerationPipeline pipeline, string[] prompts, Func<int, TextGenerationParameters> parameters, CancellationToken ct)
    {
        var calls = prompts.Select((p, i) => pipeline.GenerateAsync(p, parameters(i), ct)).ToArray();
        var streams = prompts.Select(async (p, i) =>
        {
            var text = string.Empty;
            await foreach (var piece in pipeline.StreamAsync(p, parameters(i) with { ReturnFullText = false }, ct))
            {
                text += piece;
            }

            return text;
        }).ToArray();
        var called = await Task.WhenAll(calls);
        return ([.. called.Select(r => r[0].GeneratedText)], await Task.WhenAll(streams));
    }
}
