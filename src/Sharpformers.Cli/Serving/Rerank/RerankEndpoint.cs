using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving.Rerank;

/// <summary>
/// <c>POST /v1/rerank</c> (also <c>/rerank</c>, <c>/v2/rerank</c>) over an <see cref="IReranker"/>: results
/// <c>[{index, relevance_score, document: {text}}]</c> sorted by decreasing score, as Cohere and vLLM answer.
/// </summary>
internal static class RerankEndpoint
{
    /// <summary>The routes answered.</summary>
    public static readonly string[] Routes = ["/v1/rerank", "/rerank", "/v2/rerank"];

    public static async Task HandleAsync(HttpContext context, JsonElement body, IReranker reranker, string modelId)
    {
        var request = RerankRequest.From(body);
        var results = await reranker.RerankAsync(request.Query, request.Documents, request.TopN, context.RequestAborted).ConfigureAwait(false);

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("id", "rerank-" + Guid.NewGuid().ToString("N"));
        writer.WriteString("model", modelId);
        writer.WriteStartArray("results");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", result.Index);
            writer.WriteNumber("relevance_score", result.Score);
            if (request.ReturnDocuments)
            {
                writer.WriteStartObject("document");
                writer.WriteString("text", result.Document);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
