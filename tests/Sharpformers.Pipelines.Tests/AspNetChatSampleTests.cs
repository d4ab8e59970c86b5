using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sharpformers.Pipelines.Tests;

public sealed class AspNetChatSampleTests : IClassFixture<AspNetChatSampleTests.Factory>
{
    private readonly Factory _factory;

    public AspNetChatSampleTests(Factory factory) => _factory = factory;

    public sealed class Factory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Sharpformers:Model", FixtureModels.LlamaFolder);
            builder.UseSetting("Sharpformers:DefaultDtype", string.Empty);
        }
    }

    private static object Request(string text) => new { messages = new[] { new { role = "user", content = text } }, maxTokens = 6 };

    [Fact]
    public async Task Json_endpoint_answers_with_the_reply_and_token_counts()
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/chat", Request("Xin chào"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<ChatReply>(TestContext.Current.CancellationToken);

        var direct = await FixtureModels.Llama.ChatAsync([new("user", "Xin chào")], new() { MaxNewTokens = 6 }, TestContext.Current.CancellationToken);
        Assert.Equal(direct[0].GeneratedText, reply!.Reply);
        Assert.Equal(direct[0].PromptTokenCount, reply.PromptTokens);
        Assert.Equal(direct[0].CompletionTokenCount, reply.CompletionTokens);
    }

    [Fact]
    public async Task Stream_endpoint_sends_server_sent_events_that_add_up_to_the_reply()
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/chat/stream", Request("Xin chào"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("event: delta", e, StringComparison.Ordinal));
        var text = string.Concat(events.Select(e => string.Join('\n', e.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]))));

        var direct = await FixtureModels.Llama.ChatAsync([new("user", "Xin chào")], new() { MaxNewTokens = 6 }, TestContext.Current.CancellationToken);
        Assert.Equal(direct[0].GeneratedText, text);
    }

    [Fact]
    public async Task Sixteen_concurrent_requests_all_get_the_same_greedy_reply()
    {
        using var client = _factory.CreateClient();
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/chat", Request("Hello"), TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<ChatReply>(TestContext.Current.CancellationToken))!.Reply;
        }));
        Assert.Single(replies.Distinct());
    }

    [Fact]
    public async Task The_html_page_is_served_at_the_root()
    {
        using var client = _factory.CreateClient();
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("/api/chat/stream", html, StringComparison.Ordinal);
    }
}
