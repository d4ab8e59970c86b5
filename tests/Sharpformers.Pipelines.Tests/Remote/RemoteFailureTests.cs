using Microsoft.AspNetCore.Http;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>Errors, retries, timeouts and broken streams against loopback fakes.</summary>
public sealed class RemoteFailureTests
{
    private static readonly TextGenerationParameters Two = new() { MaxNewTokens = 2 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unauthorized_is_not_retried_and_carries_the_server_message_but_never_the_token()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) =>
            FakeInferenceServer.WriteJsonAsync(context, 401, """{"error":"Invalid credentials in Authorization header"}"""));
        using var pipeline = RemotePipelines.Create(server);

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.GenerateAsync("x", Two, Ct));

        Assert.Single(server.Requests);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Invalid credentials in Authorization header", error.ServerMessage);
        Assert.Contains("Invalid credentials in Authorization header", error.Message, StringComparison.Ordinal);
        Assert.Contains("token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RemotePipelines.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openai_and_tgi_error_bodies_give_message_and_type()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, request) => request.Path == "/generate"
            ? FakeInferenceServer.WriteJsonAsync(context, 422, """{"error":"Input validation error: `inputs` must have less than 4096 tokens","error_type":"validation"}""")
            : FakeInferenceServer.WriteJsonAsync(context, 400, """{"error":{"message":"model 'x' does not exist","type":"invalid_request_error"}}"""));
        using var tgi = RemotePipelines.Create(server, path: string.Empty);

        var validation = await Assert.ThrowsAsync<RemoteGenerationException>(() => tgi.GenerateAsync("x", Two, Ct));
        var openAi = await Assert.ThrowsAsync<RemoteGenerationException>(() => tgi.ChatAsync([new ChatMessage("user", "x")], Two, Ct));

        Assert.Equal("validation", validation.ErrorType);
        Assert.Equal(422, validation.StatusCode);
        Assert.Contains("must have less than 4096 tokens", validation.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", openAi.ErrorType);
        Assert.Contains("model 'x' does not exist", openAi.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_the_Retry_After_delay()
    {
        await using var server = await FakeInferenceServer.StartAsync(async (context, request, number) =>
        {
            if (number == 0)
            {
                context.Response.Headers.RetryAfter = "1";
                await FakeInferenceServer.WriteJsonAsync(context, 429, """{"error":{"message":"Rate limit reached","type":"rate_limit"}}""");
                return;
            }

            await FakeProtocols.OpenAiAsync(context, request);
        });
        using var pipeline = RemotePipelines.Create(server);

        var result = Assert.Single(await pipeline.GenerateAsync("x", Two, Ct));

        Assert.Equal("x alpha beta", result.GeneratedText);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_allowed_wait_fails_at_once_with_the_server_message()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) =>
        {
            context.Response.Headers.RetryAfter = "120";
            return FakeInferenceServer.WriteJsonAsync(context, 429, """{"error":{"message":"Rate limit reached","type":"rate_limit"}}""");
        });
        using var pipeline = RemotePipelines.Create(server, configure: o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.GenerateAsync("x", Two, Ct));

        Assert.Single(server.Requests);
        Assert.Equal(429, error.StatusCode);
        Assert.Contains("Rate limit reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("120 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_loading_503_is_retried_until_the_model_answers()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, request, number) => number < 2
            ? FakeInferenceServer.WriteJsonAsync(context, 503, """{"error":"Model org/remote-model is currently loading","estimated_time":0.05}""")
            : FakeProtocols.HfTaskAsync(context, request));
        using var pipeline = RemotePipelines.Create(server, path: "/models/org/remote-model");

        var result = Assert.Single(await pipeline.GenerateAsync("x", Two, Ct));

        Assert.Equal("x alpha beta", result.GeneratedText);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_stream_is_retried_on_overload_before_its_first_event()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, request, number) => number == 0
            ? FakeInferenceServer.WriteJsonAsync(context, 503, """{"error":"Model is overloaded","error_type":"overloaded"}""")
            : FakeProtocols.TgiAsync(context, request));
        using var pipeline = RemotePipelines.Create(server, path: string.Empty);

        var pieces = await pipeline.StreamAsync("x", Two, Ct).ToListAsync(Ct);

        Assert.Equal([" alpha", " beta"], pieces);
        Assert.Equal(["/generate_stream", "/generate_stream"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Model_loading_beyond_the_retry_budget_fails_with_the_loading_message()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) =>
            FakeInferenceServer.WriteJsonAsync(context, 503, """{"error":"Model org/remote-model is currently loading","estimated_time":0.01}"""));
        using var pipeline = RemotePipelines.Create(server, path: "/models/org/remote-model", o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.GenerateAsync("x", Two, Ct));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("is currently loading", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_answers_are_a_clear_error()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, request) => request.Path == "/v1/completions"
            ? FakeInferenceServer.WriteJsonAsync(context, 200, """{"choices": [{"text": "unterminated""")
            : FakeInferenceServer.WriteEventsAsync(context, ["""{"choices":[{"delta":{"content":"a"}}]}""", "{oops"]));
        using var pipeline = RemotePipelines.Create(server);

        var whole = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.GenerateAsync("x", Two, Ct));
        var streamed = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.StreamChatAsync([new ChatMessage("user", "x")], Two, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("malformed JSON", whole.Message, StringComparison.Ordinal);
        Assert.Contains("unterminated", whole.Message, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", streamed.Message, StringComparison.Ordinal);
        Assert.Contains("{oops", streamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_cut_mid_stream_is_a_clear_error_not_a_hang()
    {
        await using var server = await FakeInferenceServer.StartAsync(async (context, _) =>
        {
            await FakeInferenceServer.WriteEventsAsync(context, ["""{"index":0,"token":{"id":1,"text":" a","special":false},"generated_text":null}"""], "data:");
            context.Abort();
        });
        using var pipeline = RemotePipelines.Create(server, path: string.Empty);
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(async () =>
        {
            await foreach (var piece in pipeline.StreamAsync("x", Two, Ct))
            {
                received.Add(piece);
            }
        });

        Assert.True(received.Count <= 1 && received.All(p => p == " a"), "only the piece sent before the cut may arrive"); // a reset may drop it
        Assert.Contains(server.Url, error.Message, StringComparison.Ordinal);
        Assert.Contains("stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_ends_without_finishing_is_a_clear_error()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) =>
            FakeInferenceServer.WriteEventsAsync(context, ["""{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}"""]));
        using var pipeline = RemotePipelines.Create(server);

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.StreamChatAsync([new ChatMessage("user", "x")], Two, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("ended before the server finished", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_mid_stream_is_thrown_with_the_server_message()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) => FakeInferenceServer.WriteEventsAsync(
            context,
            [
                """{"index":0,"token":{"id":1,"text":" a","special":false},"generated_text":null}""",
                """{"error":"Request failed during generation: Server error: CUDA out of memory","error_type":"generation"}""",
            ],
            "data:"));
        using var pipeline = RemotePipelines.Create(server, path: string.Empty);

        var error = await Assert.ThrowsAsync<RemoteGenerationException>(() => pipeline.StreamAsync("x", Two, Ct).ToListAsync(Ct).AsTask());

        Assert.Equal("generation", error.ErrorType);
        Assert.Contains("CUDA out of memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_a_TimeoutException_and_cancellation_stays_cancellation()
    {
        await using var server = await FakeInferenceServer.StartAsync(async (context, _) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // the client went away
            }
        });
        using var pipeline = RemotePipelines.Create(server, configure: o => o.Timeout = TimeSpan.FromMilliseconds(300));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => pipeline.GenerateAsync("x", Two, Ct));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));
        using var patient = RemotePipelines.Create(server);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.GenerateAsync("x", Two, cancel.Token));

        Assert.Contains("RemoteOptions.Timeout", timeout.Message, StringComparison.Ordinal);
    }
}
