using System.Text.Json;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>Each protocol against its loopback fake: what is sent, and what the pipeline makes of the answer.</summary>
public sealed class RemoteProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAi_chat_sends_messages_parameters_and_token_and_reads_reply_and_usage()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server, configure: o => o.Provider = "together");
        ChatMessage[] messages = [new("system", "Be brief."), new("user", "Say something")];

        var results = await pipeline.ChatAsync(messages, new TextGenerationParameters { MaxNewTokens = 3, Seed = 7, DoSample = false, TopP = 0.9f }, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + RemotePipelines.Token, request.Authorization);
        Assert.Equal("org/remote-model:together", request.Body.GetProperty("model").GetString());
        Assert.Equal(["system", "user"], request.Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(3, request.Body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(7, request.Body.GetProperty("seed").GetInt32());
        Assert.Equal(0, request.Body.GetProperty("temperature").GetDouble()); // do_sample=False is greedy: temperature 0
        Assert.Equal(0.9, request.Body.GetProperty("top_p").GetDouble(), 5);
        Assert.False(request.Body.GetProperty("stream").GetBoolean());

        var result = Assert.Single(results);
        Assert.Equal(" alpha beta gamma", result.GeneratedText);
        Assert.Equal(3, result.Messages!.Count);
        Assert.Equal(new ChatMessage("assistant", " alpha beta gamma"), result.Messages[^1]);
        Assert.Equal(4, result.PromptTokenCount); // the fake counts the words of all messages
        Assert.Equal(3, result.CompletionTokenCount);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(RemotePipelines.Model, pipeline.ModelId);
    }

    [Fact]
    public async Task OpenAi_completions_keep_return_full_text_semantics_and_batch_order()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server);

        var full = Assert.Single(await pipeline.GenerateAsync("Once upon", new TextGenerationParameters { MaxNewTokens = 2 }, Ct));
        var continuation = Assert.Single(await pipeline.GenerateAsync("Once upon", new TextGenerationParameters { MaxNewTokens = 2, ReturnFullText = false }, Ct));
        var batch = await pipeline.GenerateAsync(["one", "two three"], new TextGenerationParameters { MaxNewTokens = 1 }, Ct);

        Assert.Equal("Once upon alpha beta", full.GeneratedText);
        Assert.Equal(" alpha beta", continuation.GeneratedText);
        Assert.Equal(["one alpha", "two three alpha"], batch.Select(r => Assert.Single(r).GeneratedText));
        Assert.Equal([1, 2], batch.Select(r => r[0].PromptTokenCount));
        Assert.All(server.Requests, r => Assert.Equal("/v1/completions", r.Path));
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal("Once upon", server.Requests[0].Body.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task OpenAi_stop_strings_are_sent_and_kept_or_removed_as_asked()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server);
        var keep = new TextGenerationParameters { StopStrings = ["gamma"], ReturnFullText = false };

        var kept = Assert.Single(await pipeline.GenerateAsync("x", keep, Ct));
        var removed = Assert.Single(await pipeline.GenerateAsync("x", keep with { IncludeStopStrings = false }, Ct));
        var streamed = string.Concat(await pipeline.StreamAsync("x", keep, Ct).ToListAsync(Ct));

        Assert.Equal(["gamma"], server.Requests[0].Body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(" alpha beta gamma", kept.GeneratedText); // as transformers: the stop string stays
        Assert.Equal(FinishReason.Stop, kept.FinishReason);
        Assert.Equal(" alpha beta ", removed.GeneratedText);
        Assert.Equal(kept.GeneratedText, streamed);
    }

    [Fact]
    public async Task OpenAi_streams_chat_pieces_that_join_into_the_reply_with_usage_last()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server);
        ChatMessage[] messages = [new("user", "Hello there")];
        var parameters = new TextGenerationParameters { MaxNewTokens = 4 };

        var updates = await RemotePipelines.CollectAsync(pipeline.StreamChatUpdatesAsync(messages, parameters, Ct));
        var reply = Assert.Single(await pipeline.ChatAsync(messages, parameters, Ct));

        var stream = server.Requests[0].Body;
        Assert.True(stream.GetProperty("stream").GetBoolean());
        Assert.True(stream.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(4, updates.Count(u => u.Text.Length > 0));
        Assert.Equal(reply.GeneratedText, string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Completion));
        Assert.Equal(new TextGenerationSummary(2, 4, FinishReason.Length), updates[^1].Completion);
    }

    [Fact]
    public async Task OpenAi_num_return_sequences_is_sent_as_n()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server);

        var results = await pipeline.GenerateAsync("p", new TextGenerationParameters { MaxNewTokens = 1, NumReturnSequences = 3, DoSample = true, Temperature = 0.5f }, Ct);

        Assert.Equal(3, server.Requests[0].Body.GetProperty("n").GetInt32());
        Assert.Equal(0.5, server.Requests[0].Body.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal("p alpha", r.GeneratedText));
    }

    [Fact]
    public async Task Tgi_generate_and_generate_stream_give_the_same_text_and_details()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.TgiAsync);
        using var pipeline = RemotePipelines.Create(server, path: string.Empty); // a bare server URL is TGI
        var parameters = new TextGenerationParameters { MaxNewTokens = 20, TopK = 5, RepetitionPenalty = 1.2f, DoSample = false, ReturnFullText = false };

        var result = Assert.Single(await pipeline.GenerateAsync("Hi", parameters, Ct));
        var updates = await RemotePipelines.CollectAsync(pipeline.StreamUpdatesAsync("Hi", parameters, Ct));

        Assert.Equal(["/generate", "/generate_stream"], server.Requests.Select(r => r.Path));
        var sent = server.Requests[0].Body;
        Assert.Equal("Hi", sent.GetProperty("inputs").GetString());
        var sentParameters = sent.GetProperty("parameters");
        Assert.Equal(20, sentParameters.GetProperty("max_new_tokens").GetInt32());
        Assert.Equal(5, sentParameters.GetProperty("top_k").GetInt32());
        Assert.False(sentParameters.GetProperty("do_sample").GetBoolean());
        Assert.False(sentParameters.GetProperty("return_full_text").GetBoolean());
        Assert.Equal(" alpha beta gamma delta epsilon zeta eta theta", result.GeneratedText);
        Assert.Equal(9, result.CompletionTokenCount); // eight words and the end-of-sequence token
        Assert.Equal(FinishReason.Stop, result.FinishReason);
        // The end-of-sequence token is special: streamed text leaves it out, as generated_text does.
        Assert.Equal(result.GeneratedText, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(new TextGenerationSummary(1, 9, FinishReason.Stop), updates[^1].Completion);
    }

    [Fact]
    public async Task Tgi_keeps_the_stop_string_and_the_pipeline_removes_it_when_asked()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.TgiAsync);
        using var pipeline = RemotePipelines.Create(server, path: string.Empty, o => o.Protocol = RemoteProtocol.Tgi);
        var parameters = new TextGenerationParameters { StopStrings = [" beta"], IncludeStopStrings = false };

        var result = Assert.Single(await pipeline.GenerateAsync("Go", parameters, Ct));
        var streamed = string.Concat(await pipeline.StreamAsync("Go", parameters, Ct).ToListAsync(Ct));

        Assert.Equal("Go alpha", result.GeneratedText);
        Assert.Equal(" alpha", streamed);
    }

    [Fact]
    public async Task Hf_task_protocol_posts_to_the_model_url_and_reads_the_list_answer_and_stream()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.HfTaskAsync);
        using var pipeline = RemotePipelines.Create(server, path: "/hf-inference/models/org/tiny");
        var parameters = new TextGenerationParameters { MaxNewTokens = 2, Seed = 3 };

        var result = Assert.Single(await pipeline.GenerateAsync("Start", parameters, Ct));
        var streamed = await RemotePipelines.CollectAsync(pipeline.StreamUpdatesAsync("Start", parameters, Ct));

        Assert.All(server.Requests, r => Assert.Equal("/hf-inference/models/org/tiny", r.Path));
        Assert.False(server.Requests[0].Body.TryGetProperty("stream", out _));
        Assert.True(server.Requests[1].Body.GetProperty("stream").GetBoolean());
        Assert.Equal(3, server.Requests[0].Body.GetProperty("parameters").GetProperty("seed").GetInt32());
        Assert.Equal("Start alpha beta", result.GeneratedText); // the server echoes nothing: return_full_text was sent false
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(2, result.CompletionTokenCount);
        Assert.Equal(" alpha beta", string.Concat(streamed.Select(u => u.Text)));
        Assert.Equal(new TextGenerationSummary(1, 2, FinishReason.Length), streamed[^1].Completion);
    }

    [Fact]
    public async Task Chat_on_a_tgi_server_goes_to_its_messages_api()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server, path: string.Empty, o => o.Protocol = RemoteProtocol.Tgi);

        var result = Assert.Single(await pipeline.ChatAsync([new ChatMessage("user", "hi")], new TextGenerationParameters { MaxNewTokens = 1 }, Ct));

        Assert.Equal("/v1/chat/completions", Assert.Single(server.Requests).Path);
        Assert.Equal(" alpha", result.GeneratedText);
    }

    public static TheoryData<RemoteProtocol, string, string> Refusals() => new()
    {
        { RemoteProtocol.OpenAiCompatible, "num_beams", """{"NumBeams":2}""" },
        { RemoteProtocol.OpenAiCompatible, "top_k", """{"TopK":5}""" },
        { RemoteProtocol.OpenAiCompatible, "repetition_penalty", """{"RepetitionPenalty":1.1}""" },
        { RemoteProtocol.OpenAiCompatible, "min_p", """{"MinP":0.1}""" },
        { RemoteProtocol.Tgi, "num_return_sequences", """{"NumReturnSequences":2}""" },
        { RemoteProtocol.Tgi, "no_repeat_ngram_size", """{"NoRepeatNgramSize":3}""" },
        { RemoteProtocol.HfTextGeneration, "min_new_tokens", """{"MinNewTokens":3}""" },
        { RemoteProtocol.HfTextGeneration, "length_penalty", """{"LengthPenalty":1.5}""" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Parameters_the_protocol_cannot_send_are_refused_by_name_before_any_request(RemoteProtocol protocol, string name, string json)
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        using var pipeline = RemotePipelines.Create(server, configure: o => o.Protocol = protocol);
        var parameters = JsonSerializer.Deserialize<TextGenerationParameters>(json)!;

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => pipeline.GenerateAsync("x", parameters, Ct));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_remote_pipeline_loads_no_local_model_and_sends_nothing_until_called()
    {
        // The name is neither a folder nor a cached repo: a local pipeline would fail to find it.
        using var pipeline = Pipeline.CreateTextGeneration(
            "no-such-org/no-such-model", new PipelineOptions { Remote = new RemoteOptions { Endpoint = new Uri("http://127.0.0.1:9/v1") } });

        Assert.Equal("no-such-org/no-such-model", pipeline.ModelId);
        Assert.Equal(TextGenerationPipeline.TaskName, pipeline.Task);
    }
}
