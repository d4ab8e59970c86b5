using System.Text.Json;
using Sharpformers.Pipelines.Tests.Remote;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers generate &lt;model&gt; --endpoint URL</c> as a process, against the OpenAI-compatible loopback fake.</summary>
public sealed class GenerateEndpointTests
{
    private const string Token = "hf_cli_secret_token";

    [Fact]
    public async Task Prompt_prints_the_generated_text_and_sends_model_token_and_parameters()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);

        var result = await CliProcess.RunAsync(["generate", "org/remote-model", "--endpoint", server.Url + "/v1", "--token", Token, "--prompt", "Hello", "--max-new-tokens", "3", "--seed", "5"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(" alpha beta gamma", result.Stdout.TrimEnd('\n', '\r'));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/completions", request.Path);
        Assert.Equal("Bearer " + Token, request.Authorization);
        Assert.Equal("org/remote-model", request.Body.GetProperty("model").GetString());
        Assert.Equal("Hello", request.Body.GetProperty("prompt").GetString());
        Assert.Equal(3, request.Body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(5, request.Body.GetProperty("seed").GetInt32());
        Assert.Equal(0, request.Body.GetProperty("temperature").GetDouble()); // greedy unless --do-sample, as generate() locally
    }

    [Fact]
    public async Task Chat_stream_prints_the_reply_as_streamed_and_json_prints_whole_texts()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);

        var streamed = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--prompt", "Hi", "--chat", "--stream", "--max-new-tokens", "2"]);
        var json = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--prompt", "Hi", "--max-new-tokens", "2", "--json"]);

        Assert.True(streamed.ExitCode == 0, streamed.Stderr);
        Assert.Equal(" alpha beta", streamed.Stdout.TrimEnd('\n', '\r'));
        Assert.Equal("/v1/chat/completions", server.Requests[0].Path);
        Assert.True(server.Requests[0].Body.GetProperty("stream").GetBoolean());
        Assert.Equal("user", server.Requests[0].Body.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.True(json.ExitCode == 0, json.Stderr);
        var line = Assert.Single(json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        Assert.Equal(["Hi alpha beta"], document.RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Server_errors_exit_1_with_the_server_message_and_unsupported_options_exit_2()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) =>
            FakeInferenceServer.WriteJsonAsync(context, 401, """{"error":"Invalid credentials in Authorization header"}"""));

        var denied = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--token", Token, "--prompt", "Hi"]);
        var beams = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--prompt", "Hi", "--num-beams", "2"]);
        var ids = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--input-ids", "[[1,2]]"]);

        Assert.Equal(1, denied.ExitCode);
        var error = Assert.Single(denied.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("Invalid credentials in Authorization header", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, denied.Stderr + denied.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, beams.ExitCode);
        Assert.Contains("num_beams", beams.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, ids.ExitCode);
        Assert.Single(server.Requests); // only the first call reached the server
    }

    [Fact]
    public async Task An_endless_sse_line_is_a_runtime_error_with_one_line_not_a_usage_error()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.EndlessLineAsync);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--prompt", "Hi", "--chat", "--stream"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("MaxEventBytes", line, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_stream_ending_with_done_but_no_finish_reason_succeeds()
    {
        await using var server = await FakeInferenceServer.StartAsync((context, _) => FakeInferenceServer.WriteEventsAsync(
            context,
            ["""{"choices":[{"index":0,"text":" one","finish_reason":null}]}""", "[DONE]"]));

        var result = await CliProcess.RunAsync(["generate", "m", "--endpoint", server.Url + "/v1", "--prompt", "Hi", "--stream"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(" one", result.Stdout.TrimEnd('\n', '\r'));
    }
}
