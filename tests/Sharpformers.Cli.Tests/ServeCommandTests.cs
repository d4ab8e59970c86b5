using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers serve</c> run as a process on a loopback port, called like an OpenAI server.</summary>
public sealed class ServeCommandTests : IAsyncLifetime
{
    private Process? _server;
    private HttpClient _http = new();
    private readonly StringBuilder _stderr = new();

    public async ValueTask InitializeAsync()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sharpformers.dll"), "serve", model, "--urls", $"http://127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        _server = Process.Start(info)!;
        _server.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        _server.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(1) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !_server.HasExited)
        {
            try
            {
                using var ping = await _http.GetAsync("/v1/models");
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"the server did not start: {_stderr}");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Models_route_lists_the_served_model()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("/v1/models", TestContext.Current.CancellationToken));
        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        var model = json.RootElement.GetProperty("data")[0];
        Assert.Equal("tiny-random-llama-fp16", model.GetProperty("id").GetString()); // the folder's name, never its path
        Assert.Equal("sharpformers", model.GetProperty("owned_by").GetString());
        Assert.True(model.GetProperty("created").GetInt64() > 1_500_000_000);
    }

    [Fact]
    public async Task Chat_completion_returns_the_reply_with_usage_and_streaming_adds_up_to_it()
    {
        var body = new { model = "tiny-random-llama-fp16", messages = new[] { new { role = "user", content = "Xin chào" } }, max_tokens = 6, temperature = 0 };
        using var response = await _http.PostAsJsonAsync("/v1/chat/completions", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        var reply = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var usage = root.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());

        using var streamed = await _http.PostAsJsonAsync("/v1/chat/completions", new { body.model, body.messages, body.max_tokens, body.temperature, stream = true }, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType!.MediaType);
        var lines = (await streamed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", lines[^1]);
        var chunks = lines[..^1].Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement).ToList();
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal(reply, text);
        Assert.True(chunks[^1].TryGetProperty("usage", out _), "the last chunk carries usage");
    }

    [Fact]
    public async Task Completions_route_continues_a_prompt_as_the_pipeline_does()
    {
        using var response = await _http.PostAsJsonAsync("/v1/completions", new { model = "tiny-random-llama-fp16", prompt = "Hello", max_tokens = 4 }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("text_completion", json.RootElement.GetProperty("object").GetString());

        using var pipeline = Sharpformers.Pipelines.Pipeline.CreateTextGeneration(Fixtures.Require("models", "tiny-random-llama-fp16"));
        var expected = await pipeline.GenerateAsync("Hello", new() { MaxNewTokens = 4, ReturnFullText = false }, TestContext.Current.CancellationToken);
        Assert.Equal(expected[0].GeneratedText, json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(expected[0].CompletionTokenCount, json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_an_openai_error_body()
    {
        using var response = await _http.PostAsync("/v1/chat/completions", new StringContent("{not json", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("not valid JSON", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_answered_identically()
    {
        var body = new { model = "tiny-random-llama-fp16", messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 5, temperature = 0 };
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await _http.PostAsJsonAsync("/v1/chat/completions", body, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        }));
        Assert.Single(replies.Distinct());
    }

    [Fact]
    public async Task Tools_for_a_model_whose_template_cannot_show_them_are_a_400_naming_tools()
    {
        var body = new
        {
            messages = new[] { new { role = "user", content = "Weather?" } },
            tools = new[] { new { type = "function", function = new { name = "get_weather", parameters = new { type = "object" } } } },
            max_tokens = 4,
        };
        using var response = await _http.PostAsJsonAsync("/v1/chat/completions", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("tools", json.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Embeddings_route_on_a_generation_server_is_a_404_naming_the_endpoint()
    {
        using var response = await _http.PostAsJsonAsync("/v1/embeddings", new { input = "hi" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var message = json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("/v1/embeddings", message, StringComparison.Ordinal);
        Assert.Contains("text-generation", message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
