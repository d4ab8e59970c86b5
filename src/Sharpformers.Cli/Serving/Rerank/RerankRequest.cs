using System.Text.Json;

namespace Sharpformers.Cli.Serving.Rerank;

/// <summary>
/// The fields of a rerank request in the shape Cohere and vLLM use: <c>query</c>, <c>documents</c> (strings, or objects with
/// <c>text</c>), <c>top_n</c>, <c>return_documents</c> (default true, as vLLM).
/// </summary>
internal sealed record RerankRequest(string Query, IReadOnlyList<string> Documents, int? TopN, bool ReturnDocuments)
{
    /// <summary>The most documents one request may carry.</summary>
    public const int MaxDocuments = 1000;

    /// <summary>Reads the fields from a parsed body.</summary>
    /// <exception cref="BadRequestException">A missing or malformed field, named in the message.</exception>
    public static RerankRequest From(JsonElement body)
    {
        var query = body.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String && q.GetString()!.Length > 0
            ? q.GetString()!
            : throw new BadRequestException("'query' is required: a non-empty string", "query");
        if (!body.TryGetProperty("documents", out var docs) || docs.ValueKind != JsonValueKind.Array || docs.GetArrayLength() == 0)
        {
            throw new BadRequestException("'documents' is required: a non-empty array of strings", "documents");
        }

        if (docs.GetArrayLength() > MaxDocuments)
        {
            throw new BadRequestException($"'documents' holds {docs.GetArrayLength()} items; at most {MaxDocuments} are allowed per request", "documents");
        }

        var documents = new List<string>(docs.GetArrayLength());
        foreach (var item in docs.EnumerateArray())
        {
            documents.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Object when item.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String => text.GetString()!,
                _ => throw new BadRequestException($"'documents[{documents.Count}]' must be a string or an object with a string 'text'", $"documents[{documents.Count}]"),
            });
        }

        int? topN = null;
        if (body.TryGetProperty("top_n", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            topN = n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var value) && value > 0
                ? value
                : throw new BadRequestException("'top_n' must be a positive integer", "top_n");
        }

        var returnDocuments = !body.TryGetProperty("return_documents", out var r) || r.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.Null => true,
            JsonValueKind.False => false,
            _ => throw new BadRequestException("'return_documents' must be true or false", "return_documents"),
        };
        return new RerankRequest(query, documents, topN, returnDocuments);
    }
}
