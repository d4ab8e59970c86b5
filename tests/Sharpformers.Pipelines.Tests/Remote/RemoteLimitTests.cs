using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>
/// Issue 17 finding 5 and the issue 16 <c>[DONE]</c> rule: a server cannot make the remote client buffer without bound
/// (an endless SSE line, a huge answer), and <c>[DONE]</c> ends a stream cleanly with or without a finish reason.
/// </summary>
public sealed class RemoteLimitTests
{
    private static readonly TextGenerationParameters Two = new() { MaxNewTokens = 2 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_endless_sse_line_fails_at_the_event_cap_without_buffering_it()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.EndlessLineAsync);
        using var pipeline = RemotePipelines.Create(server, configure: o => o.MaxEventBytes = 64 * 1024);
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.StreamChatAsync([new ChatMessage("user", "x")], Two, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("MaxEventBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url, error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 256L * 1024 * 1024, "buffered far past the cap");
    }

    [Fact]
    public async Task A_non_streamed_answer_over_the_cap_fails_with_a_clear_error()
    {
        var huge = """{"choices":[{"index":0,"text":" """ + new string('x', 3 * 1024 * 1024) + "\",\"finish_reason\":\"stop\"}]}";
        await using var server = await FakeInferenceServer.StartAsync((context, _) => FakeInferenceServer.WriteJsonAsync(context, 200, huge));
        using var pipeline = RemotePipelines.Create(server, configure: o => o.MaxResponseBytes = 1024 * 1024);

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.GenerateAsync("x", Two, Ct));

        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Done_ends_a_stream_cleanly_even_without_a_finish_reason()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) => FakeInferenceServer.WriteEventsAsync(
            context,
            ["""{"choices":[{"index":0,"delta":{"content":" a"},"finish_reason":null}]}""", """{"choices":[{"index":0,"delta":{"content":" b"},"finish_reason":null}]}""", "[DONE]"]));
        using var pipeline = RemotePipelines.Create(server);

        var pieces = await pipeline.StreamChatAsync([new ChatMessage("user", "x")], Two, Ct).ToListAsync(Ct);

        Assert.Equal(" a b", string.Concat(pieces));
    }
}
