using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// Issue 17 against <c>serve</c> as a process (tiny Llama, 128-token context, a chat template that misbehaves on cue):
/// unbounded work (1), context overflow (2), wrong JSON types (3), hostile templates (4), browser-origin protection (6)
/// and the smaller serve items of 8. Every answer has a status and a JSON body.
/// </summary>
public sealed class ServeHardeningTests(HardenedServer fixture) : IClassFixture<HardenedServer>
{
    private const long RssBound = 1536L * 1024 * 1024;

    private HttpClient Http => fixture.Server.Http;

    private string Model => fixture.ModelName;

    [Fact]
    public async Task Finding1_a_prompt_array_beyond_the_cap_is_refused_up_front()
    {
        var watch = Stopwatch.StartNew();
        var prompts = JsonSerializer.Serialize(Enumerable.Repeat("hello there", 3000));
        var answer = await ServeResponses.PostAsync(Http, "/v1/completions", $$"""{"model":"{{Model}}","prompt":{{prompts}},"max_tokens":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("too_many_prompts", answer.Error.GetProperty("code").GetString());
        Assert.Equal("prompt", answer.Error.GetProperty("param").GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Finding1_an_oversize_prompt_is_refused_before_tokenizing_and_an_oversize_body_is_a_413_with_json()
    {
        var watch = Stopwatch.StartNew();
        var longPrompt = string.Concat(Enumerable.Repeat("hello ", 350_000)); // 2.1 M characters, 2.1 MB
        var tooLong = await ServeResponses.PostAsync(Http, "/v1/completions", JsonSerializer.Serialize(new { model = Model, prompt = longPrompt, max_tokens = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal("prompt_too_long", tooLong.Error.GetProperty("code").GetString());

        var chat = await ServeResponses.PostAsync(Http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = Model, messages = new[] { new { role = "user", content = longPrompt } } }));
        Assert.Equal(HttpStatusCode.BadRequest, chat.Status);
        Assert.Equal("messages", chat.Error.GetProperty("param").GetString());

        var huge = string.Concat(Enumerable.Repeat("hello ", 2_000_000)); // 12 MB body, over the 8 MiB default
        var tooBig = await ServeResponses.PostAsync(Http, "/v1/completions", JsonSerializer.Serialize(new { model = Model, prompt = huge }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.Status);
        Assert.Contains("--max-request-bytes", tooBig.Error.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(fixture.Server.ResidentBytes() < RssBound, $"RSS {fixture.Server.ResidentBytes() >> 20} MiB");
    }

    [Theory]
    [InlineData(1_000_000_000L, false)]
    [InlineData(2_147_483_647L, false)]
    [InlineData(1_000_000_000L, true)]
    [InlineData(127L, true)]
    public async Task Finding2_an_explicit_max_tokens_past_the_context_is_a_400_context_length_exceeded(long maxTokens, bool stream)
    {
        var answer = await ServeResponses.PostAsync(Http, "/v1/completions", $$"""{"model":"{{Model}}","prompt":"Hello","max_tokens":{{maxTokens}},"temperature":0,"stream":{{(stream ? "true" : "false")}}}""");
        var chat = await ServeResponses.PostAsync(Http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = Model, messages = new[] { new { role = "user", content = "Hello" } }, max_completion_tokens = maxTokens, stream }));

        foreach (var (reply, param) in new[] { (answer, "max_tokens"), (chat, "max_completion_tokens") })
        {
            Assert.True(reply.Status == HttpStatusCode.BadRequest, reply.Body);
            Assert.Equal("invalid_request_error", reply.Error.GetProperty("type").GetString());
            Assert.Equal("context_length_exceeded", reply.Error.GetProperty("code").GetString());
            Assert.Equal(param, reply.Error.GetProperty("param").GetString());
            Assert.Contains($"maximum context length is {HostileModelFolder.Context} tokens", reply.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Finding2_an_explicit_max_tokens_that_just_fits_runs_to_the_context()
    {
        var fits = await ServeResponses.PostAsync(Http, "/v1/completions", $$"""{"model":"{{Model}}","prompt":"Hello","max_tokens":100,"temperature":0}""");

        Assert.Equal(HttpStatusCode.OK, fits.Status);
        var usage = fits.Json.GetProperty("usage");
        Assert.True(usage.GetProperty("total_tokens").GetInt32() <= HostileModelFolder.Context, fits.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Finding2_without_max_tokens_the_default_is_capped_at_the_context_with_length(bool stream)
    {
        // About 120 prompt tokens: OpenAI's default of 16 new tokens does not fit the 128-token context, so it is lowered.
        var prompt = string.Concat(Enumerable.Repeat("hello world ", 60));
        var answer = await ServeResponses.PostAsync(Http, "/v1/completions", JsonSerializer.Serialize(new { model = Model, prompt, temperature = 0, stream }));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var events = stream ? ServeResponses.Events(answer.Body) : [answer.Json];
        var last = events[^1];
        Assert.All(events[..^1], e => Assert.Equal(JsonValueKind.Null, e.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        var usage = last.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > HostileModelFolder.Context - 16, answer.Body);
        Assert.True(
            last.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "length" && usage.GetProperty("total_tokens").GetInt32() == HostileModelFolder.Context
            || last.GetProperty("choices")[0].GetProperty("finish_reason").GetString() == "stop",
            answer.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Finding2_a_prompt_longer_than_the_context_is_a_400_context_length_exceeded(bool stream)
    {
        var prompt = string.Concat(Enumerable.Repeat("hello world ", 200));
        var completion = await ServeResponses.PostAsync(Http, "/v1/completions", JsonSerializer.Serialize(new { model = Model, prompt, max_tokens = 5, stream }));
        var chat = await ServeResponses.PostAsync(Http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = Model, messages = new[] { new { role = "user", content = prompt } }, stream }));

        foreach (var (answer, field) in new[] { (completion, "prompt"), (chat, "messages") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("context_length_exceeded", answer.Error.GetProperty("code").GetString());
            Assert.Equal(field, answer.Error.GetProperty("param").GetString());
            Assert.Contains($"context length is {HostileModelFolder.Context} tokens", answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "chat", """{"max_tokens":"5"}""", "max_tokens" },
        { "chat", """{"max_tokens":true}""", "max_tokens" },
        { "chat", """{"max_tokens":2.5}""", "max_tokens" },
        { "chat", """{"max_tokens":0}""", "max_tokens" },
        { "chat", """{"max_completion_tokens":[1]}""", "max_completion_tokens" },
        { "chat", """{"seed":"1"}""", "seed" },
        { "chat", """{"temperature":"hot"}""", "temperature" },
        { "chat", """{"temperature":-1}""", "temperature" },
        { "chat", """{"top_p":2}""", "top_p" },
        { "chat", """{"top_k":"4"}""", "top_k" },
        { "chat", """{"stop":[1]}""", "stop[0]" },
        { "chat", """{"stop":{"a":1}}""", "stop" },
        { "chat", """{"stream":"yes"}""", "stream" },
        { "chat", """{"n":2}""", "n" },
        { "chat", """{"presence_penalty":"x"}""", "presence_penalty" },
        { "chat", """{"stream_options":5}""", "stream_options" },
        { "chat", """{"user":7}""", "user" },
        { "chat", """{"model":5}""", "model" },
        { "chat", """{"messages":["hi"]}""", "messages[0]" },
        { "chat", """{"messages":[null]}""", "messages[0]" },
        { "chat", """{"messages":"hi"}""", "messages" },
        { "chat", """{"messages":[]}""", "messages" },
        { "chat", """{"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text" },
        { "chat", """{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content[0].text" },
        { "chat", """{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x/y.png"}}]}]}""", "messages[0].content[0].type" },
        { "chat", """{"messages":[{"role":"user","content":[5]}]}""", "messages[0].content[0]" },
        { "chat", """{"messages":[{"role":"user","content":5}]}""", "messages[0].content" },
        { "chat", """{"messages":[{"role":"hacker","content":"hi"}]}""", "messages[0].role" },
        { "chat", """{"messages":[{"role":"","content":"hi"}]}""", "messages[0].role" },
        { "chat", """{"messages":[{"role":5,"content":"hi"}]}""", "messages[0].role" },
        { "chat", """{"messages":[{"content":"hi"}]}""", "messages[0].role" },
        { "chat", """{"messages":[{"role":"user"}]}""", "messages[0].content" },
        { "chat", """{"messages":[{"role":"user","content":"\ud800"}]}""", "messages[0].content" },
        { "completions", """{"prompt":"\udc00x"}""", "prompt" },
        { "completions", """{"prompt":5}""", "prompt" },
        { "completions", """{"prompt":[1,2]}""", "prompt[0]" },
        { "completions", """{"prompt":["a",null]}""", "prompt[1]" },
        { "completions", """{"prompt":"a","echo":"true"}""", "echo" },
        { "completions", """{"prompt":"a","max_tokens":-3}""", "max_tokens" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Finding3_every_wrong_field_is_a_400_naming_it(string route, string fields, string param)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fields)!;
        body.TryAdd("model", JsonSerializer.SerializeToElement(Model));
        if (route == "chat")
        {
            body.TryAdd("messages", JsonSerializer.SerializeToElement(new[] { new { role = "user", content = "hi" } }));
        }

        body.TryAdd("max_tokens", JsonSerializer.SerializeToElement(2));
        var raw = fields.Contains("\\u", StringComparison.Ordinal) || fields.Contains("\\ud", StringComparison.Ordinal)
            ? Merge(fields, body)
            : JsonSerializer.Serialize(body);
        var answer = await ServeResponses.PostAsync(Http, route == "chat" ? "/v1/chat/completions" : "/v1/completions", raw);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Body);
        Assert.Equal("invalid_request_error", answer.Error.GetProperty("type").GetString());
        Assert.Equal(param, answer.Error.GetProperty("param").GetString());
        Assert.Contains(param.Split('[', '.')[0], answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding3_invalid_utf8_bytes_are_a_400()
    {
        var prefix = Encoding.UTF8.GetBytes($$"""{"model":"{{Model}}","prompt":"a""");
        byte[] body = [.. prefix, 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")];
        var answer = await ServeResponses.SendAsync(Http, HttpMethod.Post, "/v1/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_request_error", answer.Error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Finding3_template_errors_and_odd_conversations_are_400s_or_answers_never_500s()
    {
        var raised = await Chat(new { role = "user", content = "boom" });
        Assert.Equal(HttpStatusCode.BadRequest, raised.Status);
        Assert.Contains("the template refuses boom", raised.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("messages", raised.Error.GetProperty("param").GetString());

        var assistantOnly = await Chat(new { role = "assistant", content = "I speak first" });
        var twoUsers = await Chat(new { role = "user", content = "a" }, new { role = "user", content = "b" });
        Assert.Contains(assistantOnly.Status, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest });
        Assert.Contains(twoUsers.Status, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("fail", fixture.Server.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("explode", "MaxRenderedLength", 10)]
    [InlineData("spin", "MaxEvaluationSteps", 60)]
    public async Task Finding4_a_hostile_template_is_stopped_by_its_budget_and_the_server_lives(string cue, string budget, int seconds)
    {
        var watch = Stopwatch.StartNew();
        var answer = await Chat(new { role = "user", content = cue });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("TemplateBudgetError", answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(budget, answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(seconds), $"took {watch.Elapsed}");
        Assert.True(fixture.Server.ResidentBytes() < RssBound, $"RSS {fixture.Server.ResidentBytes() >> 20} MiB");
        Assert.Equal(HttpStatusCode.OK, (await ServeResponses.SendAsync(Http, HttpMethod.Get, "/health")).Status);
    }

    [Fact]
    public async Task Finding6_foreign_hosts_origins_and_non_json_posts_are_refused()
    {
        var body = $$"""{"model":"{{Model}}","prompt":"Hi","max_tokens":1}""";
        var rebinding = await ServeResponses.PostAsync(Http, "/v1/completions", body, headers: new Dictionary<string, string> { ["Host"] = $"attacker.example:{fixture.Server.Port}" });
        Assert.Equal(HttpStatusCode.BadRequest, rebinding.Status);
        Assert.Equal("invalid_host", rebinding.Error.GetProperty("code").GetString());

        var page = await ServeResponses.PostAsync(Http, "/v1/completions", body, headers: new Dictionary<string, string> { ["Origin"] = "https://attacker.example" });
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);

        foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null })
        {
            var simple = await ServeResponses.PostAsync(Http, "/v1/completions", body, contentType);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, simple.Status);
        }

        var charset = await ServeResponses.PostAsync(Http, "/v1/completions", body, "application/json; charset=utf-8", new Dictionary<string, string> { ["Host"] = $"localhost:{fixture.Server.Port}" });
        Assert.Equal(HttpStatusCode.OK, charset.Status);
        Assert.False((await Http.GetAsync("/v1/models", TestContext.Current.CancellationToken)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Finding8_head_models_health_unknown_routes_and_methods_answer_with_json()
    {
        Assert.Equal(HttpStatusCode.OK, (await ServeResponses.SendAsync(Http, HttpMethod.Head, "/v1/models")).Status);
        Assert.Equal("ok", (await ServeResponses.SendAsync(Http, HttpMethod.Get, "/health")).Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ServeResponses.SendAsync(Http, HttpMethod.Get, "/v1/nothing")).Status);
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/v1/chat/completions"), (HttpMethod.Delete, "/v1/completions"), (HttpMethod.Put, "/v1/models"), (HttpMethod.Post, "/health") })
        {
            var wrong = await ServeResponses.SendAsync(Http, method, path, method == HttpMethod.Get ? null : "{}"u8.ToArray());
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.Status);
            Assert.Equal("method_not_allowed", wrong.Error.GetProperty("code").GetString());
            Assert.Contains(method.Method, wrong.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, int, string> ProtocolErrors => new()
    {
        { "GARBAGE\r\n\r\n", 400, "malformed_request" },
        { "GET /v1/models HTTP/1.1\r\n\r\n", 400, "malformed_request" }, // no Host
        { "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Big: " + new string('a', 40_000) + "\r\n\r\n", 431, "headers_too_large" },
        { "GET /" + new string('a', 10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "uri_too_long" },
        { "POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n", 400, "malformed_request" },
        { "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nBAD LINE\r\n\r\n", 400, "malformed_request" }, // after a good request on the same connection
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public async Task Kestrel_protocol_errors_have_json_bodies(string request, int status, string code)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, fixture.Server.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // The last answer on the connection is the refusal; any before it (a good request) is intact.
        var last = text[text.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        Assert.StartsWith($"HTTP/1.1 {status} ", last, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", last, StringComparison.Ordinal);
        var body = last[(last.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var length = int.Parse(System.Text.RegularExpressions.Regex.Match(last, "Content-Length: (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(length, Encoding.UTF8.GetByteCount(body));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        if (request.StartsWith("GET /health", StringComparison.Ordinal))
        {
            Assert.Contains("{\"status\":\"ok\"}", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Issue16_another_model_name_is_a_404_model_not_found()
    {
        var answer = await ServeResponses.PostAsync(Http, "/v1/completions", """{"model":"gpt-4o","prompt":"Hi"}""");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("model_not_found", answer.Error.GetProperty("code").GetString());
        Assert.Contains(Model, answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private Task<ServeResponses.Answer> Chat(params object[] messages) =>
        ServeResponses.PostAsync(Http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = Model, messages, max_tokens = 2 }));

    /// <summary>Adds the default fields to a body written by hand (so escapes like a lone surrogate reach the server as written).</summary>
    private static string Merge(string fields, Dictionary<string, JsonElement> body)
    {
        var extra = string.Concat(body.Where(pair => !fields.Contains($"\"{pair.Key}\"", StringComparison.Ordinal))
            .Select(pair => $",\"{pair.Key}\":{pair.Value.GetRawText()}"));
        return fields[..^1] + extra + "}";
    }
}
