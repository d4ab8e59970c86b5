using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sharpformers.Pipelines;
using Sharpformers.Pipelines.Tests.Encoders;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers serve</c> of a sequence-classification model (auto-detected as a cross-encoder): Cohere/vLLM-shaped <c>/v1/rerank</c>.</summary>
public sealed class ServeRerankTests : IAsyncLifetime
{
    private static readonly string[] Documents = ["Hà Nội là thủ đô của Việt Nam.", "The cat sat on the mat.", "Paris is the capital of France.", "Bún chả is a dish."];
    private ServeProcess? server;

    public async ValueTask InitializeAsync() => server = await ServeProcess.StartAsync(EncoderFixtures.DistilBert, "--served-model-name", "m");

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rerank_returns_the_top_n_sorted_as_the_pipeline_with_documents()
    {
        using var response = await server!.Http.PostAsJsonAsync("/v1/rerank", new { model = "m", query = "capital city", documents = Documents, top_n = 3 }, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();

        using var pipeline = Pipeline.CreateReranking(EncoderFixtures.DistilBert);
        var expected = await pipeline.RerankAsync("capital city", Documents, 3, TestContext.Current.CancellationToken);
        Assert.Equal(3, results.Length);
        Assert.Equal(expected.Select(r => r.Index), results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(expected.Select(r => r.Score), results.Select(r => r.GetProperty("relevance_score").GetSingle()));
        Assert.Equal(expected.Select(r => r.Document), results.Select(r => r.GetProperty("document").GetProperty("text").GetString()));
        var scores = results.Select(r => r.GetProperty("relevance_score").GetSingle()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Return_documents_false_leaves_them_out_and_object_documents_are_read()
    {
        var body = new { query = "q", documents = Documents.Select(d => new { text = d }).ToArray(), return_documents = false };
        using var response = await server!.Http.PostAsJsonAsync("/rerank", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(Documents.Length, results.Length);
        Assert.All(results, r => Assert.False(r.TryGetProperty("document", out _)));
    }

    [Theory]
    [InlineData("/v1/rerank", """{"documents": ["a"]}""", 400, "'query'")]
    [InlineData("/v1/rerank", """{"query": "q", "documents": []}""", 400, "'documents'")]
    [InlineData("/v1/rerank", """{"query": "q", "documents": ["a"], "top_n": 0}""", 400, "'top_n'")]
    [InlineData("/v1/embeddings", """{"input": "a"}""", 404, "/v1/embeddings is not served")]
    [InlineData("/v1/rerank", """{"model": "other", "query": "q", "documents": ["a"]}""", 404, "this server serves 'm'")]
    [InlineData("/v2/rerank", """{"model": 5, "query": "q", "documents": ["a"]}""", 400, "model")]
    [InlineData("/v1/rerank", """{"query": "q", "documents": ["a", 5]}""", 400, "'documents[1]'")]
    [InlineData("/v1/rerank", """{"query": "q", """, 400, "JSON")]
    public async Task Bad_requests_and_unserved_routes_are_openai_shaped_errors(string route, string body, int status, string message)
    {
        using var response = await server!.Http.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(message, json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
