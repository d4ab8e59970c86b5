using System.Text.Json.Serialization;

namespace Sharpformers.Pipelines;

/// <summary>
/// Scores documents against a query and returns them best first (Microsoft.Extensions.AI has no reranking abstraction).
/// Implemented by <see cref="RerankingPipeline"/> over a cross-encoder.
/// </summary>
public interface IReranker
{
    /// <summary>Scores every document against <paramref name="query"/> and sorts them by decreasing relevance.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The candidate documents.</param>
    /// <param name="topN">Keep only the best this-many; <see langword="null"/> keeps all.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The documents' indices, scores and texts, best first.</returns>
    Task<IReadOnlyList<RerankResult>> RerankAsync(string query, IReadOnlyList<string> documents, int? topN = null, CancellationToken cancellationToken = default);
}

/// <summary>One reranked document, as sentence-transformers' <c>CrossEncoder.rank</c> returns it.</summary>
/// <param name="Index">The document's position in the input list (<c>corpus_id</c>).</param>
/// <param name="Score">Its relevance score.</param>
/// <param name="Document">Its text.</param>
public sealed record RerankResult(
    [property: JsonPropertyName("corpus_id")] int Index,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("text")] string Document);
