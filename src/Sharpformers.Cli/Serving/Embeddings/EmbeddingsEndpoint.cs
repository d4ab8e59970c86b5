using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving.Embeddings;

/// <summary>
/// OpenAI's <c>POST /v1/embeddings</c> over a <see cref="SentenceEmbeddingPipeline"/>: <c>dimensions</c> keeps the first
/// dimensions and, for a model that normalises (as OpenAI's do), renormalises them; <c>usage</c> counts the tokens fed to the model.
/// </summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext context, JsonElement body, SentenceEmbeddingPipeline pipeline, string modelId)
    {
        var request = EmbeddingsRequest.From(body);
        if (request.Dimensions is int d && d > pipeline.Dimensions)
        {
            throw new BadRequestException($"'dimensions' is {d}, but the model's embeddings have {pipeline.Dimensions}", "dimensions");
        }

        var options = new EmbeddingOptions
        {
            TruncateDim = request.Dimensions is int t && t < pipeline.Dimensions ? t : null,
            Normalize = request.Dimensions is not null && pipeline.Configuration.Normalize,
        };
        var result = await pipeline.EmbedAsync(request.Inputs, options, context.RequestAborted).ConfigureAwait(false);

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        for (var i = 0; i < result.Embeddings.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            writer.WriteNumber("index", i);
            WriteVector(writer, result.Embeddings[i], request.Base64);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", modelId);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", result.TotalTokens);
        writer.WriteNumber("total_tokens", result.TotalTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteVector(Utf8JsonWriter writer, float[] vector, bool base64)
    {
        if (base64)
        {
            // OpenAI's base64 format: the float32 values' bytes, little-endian, base64-encoded.
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("base64 embeddings are written on little-endian machines only");
            }

            writer.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector.AsSpan()));
            return;
        }

        writer.WriteStartArray("embedding");
        foreach (var value in vector)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}
