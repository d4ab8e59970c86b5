using Microsoft.Extensions.AI;

namespace Sharpformers.Pipelines;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a <see cref="SentenceEmbeddingPipeline"/>.
/// <see cref="EmbeddingGenerationOptions.Dimensions"/> truncates the vectors (Matryoshka); for a model that normalises (a
/// Normalize module) the truncated vectors are normalised again, so they stay unit-length. Thread-safe: concurrent calls run concurrently.
/// </summary>
public sealed class SentenceEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly SentenceEmbeddingPipeline pipeline;
    private readonly bool ownsPipeline;
    private readonly EmbeddingGeneratorMetadata metadata;

    /// <summary>Wraps a pipeline.</summary>
    /// <param name="pipeline">The sentence-embedding pipeline.</param>
    /// <param name="ownsPipeline">Dispose the pipeline with this generator.</param>
    public SentenceEmbeddingGenerator(SentenceEmbeddingPipeline pipeline, bool ownsPipeline = false)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        this.pipeline = pipeline;
        this.ownsPipeline = ownsPipeline;
        metadata = new EmbeddingGeneratorMetadata("sharpformers", null, pipeline.ModelId, pipeline.Dimensions);
    }

    /// <summary>The provider name, model id and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata => metadata;

    /// <summary>Texts per model run (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var embeddingOptions = new EmbeddingOptions { BatchSize = BatchSize };
        if (options?.Dimensions is int dimensions && dimensions != pipeline.Dimensions)
        {
            embeddingOptions = embeddingOptions with { TruncateDim = dimensions, Normalize = pipeline.Configuration.Normalize };
        }

        var result = await pipeline.EmbedAsync(texts, embeddingOptions, cancellationToken).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        var embeddings = new List<Embedding<float>>(result.Embeddings.Count);
        foreach (var vector in result.Embeddings)
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = pipeline.ModelId, CreatedAt = created });
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = result.TotalTokens, TotalTokenCount = result.TotalTokens },
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return metadata;
        }

        if (serviceType.IsInstanceOfType(pipeline))
        {
            return pipeline;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsPipeline)
        {
            pipeline.Dispose();
        }
    }
}
