using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;
using Sharpformers.Pipelines;
using Sharpformers.Pipelines.Tests.Encoders;

namespace Sharpformers.Cli.Tests;

/// <summary>
/// <c>sharpformers serve</c> of all-MiniLM-L6-v2 (a folder with sentence-transformers files, so <c>--task auto</c> serves
/// embeddings), called over raw HTTP, with the official OpenAI .NET SDK and with Microsoft.Extensions.AI.OpenAI; the vectors
/// are compared with the in-process pipeline, which the pipeline tests prove against sentence-transformers.
/// </summary>
public sealed class ServeEmbeddingsTests : IAsyncLifetime
{
    private static readonly string[] Sentences = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];
    private ServeProcess? server;
    private SentenceEmbeddingPipeline? pipeline;

    private ServeProcess Server => server!;

    private SentenceEmbeddingPipeline Pipeline => pipeline!;

    public async ValueTask InitializeAsync()
    {
        var model = EncoderFixtures.MiniLm;
        server = await ServeProcess.StartAsync(model);
        pipeline = Sharpformers.Pipelines.Pipeline.CreateSentenceEmbeddings(model);
    }

    public async ValueTask DisposeAsync()
    {
        pipeline?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Float_embeddings_equal_the_pipeline_in_input_order_with_token_usage()
    {
        using var json = await PostAsync(new { model = "all-MiniLM-L6-v2", input = Sentences });
        var root = json.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        var expected = await Pipeline.EmbedAsync(Sentences, cancellationToken: TestContext.Current.CancellationToken);
        var data = root.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("embedding", data[i].GetProperty("object").GetString());
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            var vector = data[i].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(expected.Embeddings[i], vector); // written with round-trip float formatting: bit-equal
        }

        Assert.Equal(expected.TotalTokens, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expected.TotalTokens, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.EndsWith("all-MiniLM-L6-v2", root.GetProperty("model").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Base64_encodes_the_same_float32_values_and_a_single_string_input_is_one_item()
    {
        using var floats = await PostAsync(new { input = Sentences[0] });
        using var base64 = await PostAsync(new { input = Sentences[0], encoding_format = "base64" });
        var expected = floats.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(base64.RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(expected.Length * 4, bytes.Length);
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        Assert.Equal(1, floats.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Dimensions_keep_the_leading_values_renormalised_to_unit_length()
    {
        using var json = await PostAsync(new { input = Sentences[1], dimensions = 64 });
        var vector = json.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var full = await Pipeline.EmbedAsync(Sentences[1], cancellationToken: TestContext.Current.CancellationToken);
        var head = full[..64];
        var norm = MathF.Sqrt(head.Sum(v => v * v));
        Assert.Equal(64, vector.Length);
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(head[i] / norm, vector[i], 1e-6f);
        }

        Assert.Equal(1f, MathF.Sqrt(vector.Sum(v => v * v)), 1e-5f);
    }

    [Fact]
    public async Task OpenAI_sdk_embedding_client_reproduces_the_published_similarities()
    {
        var client = new EmbeddingClient("all-MiniLM-L6-v2", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(Server.Address, "/v1") });
        var result = await client.GenerateEmbeddingsAsync(Sentences, cancellationToken: TestContext.Current.CancellationToken);
        var vectors = result.Value.Select(e => e.ToFloats().ToArray()).ToArray();
        Assert.Equal(384, vectors[0].Length);
        // Published by sentence-transformers for all-MiniLM-L6-v2 on these sentences.
        Assert.Equal(0.6660, Math.Round(TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]), 4));
        Assert.Equal(0.1046, Math.Round(TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]), 4));
        Assert.Equal(0.1411, Math.Round(TensorPrimitives.CosineSimilarity(vectors[1], vectors[2]), 4));
        Assert.True(result.Value.Usage.InputTokenCount > 0);

        var truncated = await client.GenerateEmbeddingAsync(Sentences[0], new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 32 }, TestContext.Current.CancellationToken);
        Assert.Equal(32, truncated.Value.ToFloats().Length);
    }

    [Fact]
    public async Task Microsoft_extensions_ai_openai_generator_returns_the_pipeline_vectors()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(Server.Address, "/v1") })
            .GetEmbeddingClient("all-MiniLM-L6-v2").AsIEmbeddingGenerator();
        var embeddings = await generator.GenerateAsync(Sentences, new() { Dimensions = 128 }, TestContext.Current.CancellationToken);
        var expected = await Pipeline.EmbedAsync(Sentences, new EmbeddingOptions { TruncateDim = 128, Normalize = true }, TestContext.Current.CancellationToken);
        Assert.Equal(3, embeddings.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected.Embeddings[i], embeddings[i].Vector.ToArray());
        }

        Assert.Equal(expected.TotalTokens, embeddings.Usage?.InputTokenCount);
    }

    [Theory]
    [InlineData("""{"input": ""}""", "empty string")]
    [InlineData("""{"input": []}""", "empty array")]
    [InlineData("""{"model": "all-MiniLM-L6-v2"}""", "'input' is required")]
    [InlineData("""{"input": [1, 2, 3]}""", "token ids")]
    [InlineData("""{"input": "x", "dimensions": 1000}""", "384")]
    [InlineData("""{"input": "x", "dimensions": 0}""", "'dimensions'")]
    [InlineData("""{"input": "x", "encoding_format": "int8"}""", "encoding_format")]
    public async Task Bad_requests_are_400s_naming_the_field(string body, string expected)
    {
        using var response = await Server.Http.PostAsync("/v1/embeddings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": 5}""", "input")]
    [InlineData("""{"input": ["a", null]}""", "input[1]")]
    [InlineData("""{"input": "x", "dimensions": 0}""", "dimensions")]
    [InlineData("""{"input": "x", "dimensions": 1000}""", "dimensions")]
    [InlineData("""{"input": "x", "encoding_format": 3}""", "encoding_format")]
    [InlineData("""{"input": "x", "model": 3}""", "model")]
    public async Task Bad_fields_are_400s_whose_param_names_the_field(string body, string param)
    {
        using var response = await Server.Http.PostAsync("/v1/embeddings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(param, json.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task OpenAI_sdk_with_another_model_name_gets_a_404_model_not_found()
    {
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(Server.Address, "/v1") });
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateEmbeddingAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal("model_not_found", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("model", body.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_completions_on_an_embedding_server_is_a_404_naming_the_endpoint()
    {
        using var response = await Server.Http.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var message = json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("/v1/chat/completions", message, StringComparison.Ordinal);
        Assert.Contains("embeddings", message, StringComparison.Ordinal);
    }

    private async Task<JsonDocument> PostAsync(object body)
    {
        using var response = await Server.Http.PostAsJsonAsync("/v1/embeddings", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }
}
