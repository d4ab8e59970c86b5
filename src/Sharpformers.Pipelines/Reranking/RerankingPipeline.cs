using System.Text.Json;
using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>
/// Cross-encoder reranking, as sentence-transformers' <c>CrossEncoder.rank</c>: each (query, document) pair goes through a
/// sequence-classification model (pairs truncated longest-first to the model's maximum) and documents are sorted by score.
/// The score is the model's activation: sigmoid for a one-logit model (or the identity when config.json's
/// <c>sentence_transformers.activation_fn</c> says so); for a model with several labels, the softmax probability of label 1
/// (the "relevant" label of two-label rerankers). Thread-safe.
/// </summary>
public sealed class RerankingPipeline : IPipeline, IReranker
{
    /// <summary>The task name (the Hub's <c>text-ranking</c>).</summary>
    public const string TaskName = "text-ranking";

    private static readonly string[] Arguments = ["top_k", "top_n", "batch_size"];

    private readonly EncoderRunner runner;
    private readonly int labels;
    private readonly bool identity;

    internal RerankingPipeline(EncoderRunner runner)
    {
        this.runner = runner;
        labels = runner.Model.Labels?.Count ?? throw new InvalidOperationException("a reranker needs a classification head");
        identity = runner.Model.Config["sentence_transformers"] is { ValueKind: JsonValueKind.Object } st
            && st.TryGetProperty("activation_fn", out var fn) && fn.GetString() is { } name && name.EndsWith("Identity", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>Inputs per model run (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <inheritdoc />
    public Task<IReadOnlyList<RerankResult>> RerankAsync(string query, IReadOnlyList<string> documents, int? topN = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(documents);
        if (topN is <= 0)
        {
            throw new ArgumentException($"top_n must be positive, got {topN}", nameof(topN));
        }

        return System.Threading.Tasks.Task.Run(() => Rerank(query, documents, topN, cancellationToken), cancellationToken);
    }

    /// <summary>Scores (query, document) pairs in input order.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One score per document.</returns>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(documents);
        return System.Threading.Tasks.Task.Run(() => Score(query, documents, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Input: <c>(string Query, IReadOnlyList&lt;string&gt; Documents)</c>; argument <c>top_k</c> (or <c>top_n</c>). Returns the sorted <see cref="RerankResult"/> list.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        int? top = null;
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            top = name is "top_k" or "top_n" ? KeywordValues.NullableInt(name, value) : throw KeywordValues.Unknown(TaskName, name, Arguments);
        }

        return inputs switch
        {
            ValueTuple<string, IReadOnlyList<string>> pair => await RerankAsync(pair.Item1, pair.Item2, top, cancellationToken).ConfigureAwait(false),
            null => throw new ArgumentNullException(nameof(inputs)),
            _ => throw new ArgumentException($"{TaskName} takes a (query, documents) tuple, not {inputs.GetType().Name}", nameof(inputs)),
        };
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    private IReadOnlyList<RerankResult> Rerank(string query, IReadOnlyList<string> documents, int? topN, CancellationToken cancellationToken)
    {
        var scores = Score(query, documents, cancellationToken);
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        var count = Math.Min(order.Length, topN ?? int.MaxValue);
        var results = new RerankResult[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = new RerankResult(order[i], scores[order[i]], documents[order[i]]);
        }

        return results;
    }

    private float[] Score(string query, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        var scores = new float[documents.Count];
        if (documents.Count == 0)
        {
            return scores;
        }

        var queries = Enumerable.Repeat(query, documents.Count).ToArray();
        var encodings = runner.Encode(queries, [.. documents.Select(d => d ?? throw new ArgumentException("a document is null", nameof(documents)))]);
        var probabilities = new float[labels];
        for (var start = 0; start < documents.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, documents.Count - start);
            using var output = runner.Run(encodings, start, count, cancellationToken);
            var logits = output.Values();
            for (var r = 0; r < count; r++)
            {
                var row = logits.Slice(r * labels, labels);
                if (labels == 1)
                {
                    scores[start + r] = identity ? row[0] : 1f / (1f + MathF.Exp(-row[0]));
                }
                else
                {
                    ScoreFunctions.Softmax(row, probabilities);
                    scores[start + r] = probabilities[1];
                }
            }
        }

        return scores;
    }
}
