using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>The same calls against the local backend (tiny-random-llama) and a remote one (the OpenAI-compatible fake) give the same shapes.</summary>
public sealed class SameShapeTests
{
    public static TheoryData<string> Backends() => ["local", "remote"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Text_batch_chat_and_streams_have_the_same_shapes_locally_and_remotely(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = backend == "remote" ? await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync) : null;
        using var remote = server is null ? null : RemotePipelines.Create(server);
        var pipeline = remote ?? FixtureModels.Llama;
        var greedy = new TextGenerationParameters { MaxNewTokens = 4, DoSample = false };

        var full = Assert.Single(await pipeline.GenerateAsync("Hello world", greedy, ct));
        var continuation = Assert.Single(await pipeline.GenerateAsync("Hello world", greedy with { ReturnFullText = false }, ct));
        Assert.Equal("Hello world" + continuation.GeneratedText, full.GeneratedText);
        Assert.Null(full.Messages);
        Assert.InRange(full.CompletionTokenCount, 1, 4);
        Assert.True(full.PromptTokenCount > 0);

        var batch = await pipeline.GenerateAsync(["Hello world", "Good morning to you"], greedy, ct);
        Assert.Equal(2, batch.Count);
        Assert.StartsWith("Hello world", Assert.Single(batch[0]).GeneratedText, StringComparison.Ordinal);
        Assert.StartsWith("Good morning to you", Assert.Single(batch[1]).GeneratedText, StringComparison.Ordinal);

        var sampled = await pipeline.GenerateAsync("Hello world", new TextGenerationParameters { MaxNewTokens = 2, DoSample = true, NumReturnSequences = 2, Seed = 1 }, ct);
        Assert.Equal(2, sampled.Count);

        ChatMessage[] messages = [new("user", "Hi there")];
        var chat = Assert.Single(await pipeline.ChatAsync(messages, greedy, ct));
        Assert.Equal(2, chat.Messages!.Count);
        Assert.Equal("assistant", chat.Messages[^1].Role);
        Assert.Equal(chat.GeneratedText, chat.Messages[^1].Content);

        var pieces = await pipeline.StreamAsync("Hello world", greedy, ct).ToListAsync(ct);
        Assert.Equal(continuation.GeneratedText, string.Concat(pieces));
        var chatUpdates = await RemotePipelines.CollectAsync(pipeline.StreamChatUpdatesAsync(messages, greedy, ct));
        Assert.Equal(chat.GeneratedText, string.Concat(chatUpdates.Select(u => u.Text)));
        var summary = chatUpdates[^1].Completion;
        Assert.NotNull(summary);
        Assert.Equal(chat.CompletionTokenCount, summary.CompletionTokenCount);
        Assert.Equal(chat.FinishReason, summary.FinishReason);

        var refused = await Record.ExceptionAsync(() => pipeline.StreamAsync("x", greedy with { NumReturnSequences = 2 }, ct).ToListAsync(ct).AsTask());
        Assert.IsType<ArgumentException>(refused);
    }
}
