using System.ClientModel;
using System.Net;
using OpenAI;
using OpenAI.Chat;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// Issue 17, finding 6 (and the Development-environment item of 8): <c>serve --api-key --cors-origins</c> started with
/// <c>ASPNETCORE_ENVIRONMENT=Development</c>. Keys are checked as bearer tokens, listed origins get CORS, others are
/// refused, and no answer carries a developer page or a stack trace.
/// </summary>
public sealed class GuardedServerTests : IAsyncLifetime
{
    private const string Key = "sk-local-test-key";
    private const string Origin = "https://app.example";
    private readonly HostileModelFolder _folder = new();
    private ServeProcess _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await ServeProcess.StartAsync(
            _folder.Path,
            ["--api-key", Key, "--cors-origins", Origin, "--served-model-name", "local-llama"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Requests_without_the_key_are_401_and_the_sdk_with_the_key_is_served()
    {
        const string Body = """{"model":"local-llama","prompt":"Hi","max_tokens":1}""";
        var none = await ServeResponses.PostAsync(_server.Http, "/v1/completions", Body);
        var wrong = await ServeResponses.PostAsync(_server.Http, "/v1/completions", Body, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer sk-wrong" });
        var right = await ServeResponses.PostAsync(_server.Http, "/v1/completions", Body, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + Key });
        var models = await ServeResponses.SendAsync(_server.Http, HttpMethod.Get, "/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("invalid_api_key", none.Error.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, models.Status);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Equal(HttpStatusCode.OK, (await ServeResponses.SendAsync(_server.Http, HttpMethod.Get, "/health")).Status);

        var sdk = new OpenAIClient(new ApiKeyCredential(Key), new OpenAIClientOptions { Endpoint = new Uri(_server.Url + "/v1") });
        ChatCompletion reply = await sdk.GetChatClient("local-llama").CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal("local-llama", reply.Model);
        var denied = new OpenAIClient(new ApiKeyCredential("sk-nope"), new OpenAIClientOptions { Endpoint = new Uri(_server.Url + "/v1") });
        var error = await Assert.ThrowsAsync<ClientResultException>(() => denied.GetChatClient("local-llama").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task A_listed_origin_gets_cors_and_any_other_origin_is_refused()
    {
        // A preflight from the listed origin is answered by CORS (204, no body: the one answer that has none).
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await _server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var foreign = await ServeResponses.PostAsync(_server.Http, "/v1/completions", """{"prompt":"Hi"}""", headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example", ["Authorization"] = "Bearer " + Key });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);
    }

    [Fact]
    public async Task The_development_environment_shows_no_developer_page()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Key, ["Accept"] = "text/html" };
        var missing = await ServeResponses.SendAsync(_server.Http, HttpMethod.Get, "/v1/nothing", headers: headers);
        var broken = await ServeResponses.PostAsync(_server.Http, "/v1/chat/completions", "{\"messages\": [", headers: headers);

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.DoesNotContain("<html", missing.Body + broken.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".cs:line", missing.Body + broken.Body, StringComparison.Ordinal);
    }
}
