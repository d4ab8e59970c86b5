namespace Sharpformers.Pipelines;

/// <summary>Options of <see cref="SentenceEmbeddingPipeline.EmbedAsync(IReadOnlyList{string}, EmbeddingOptions?, CancellationToken)"/>, named after sentence-transformers' <c>encode</c> arguments.</summary>
public sealed record EmbeddingOptions
{
    /// <summary>
    /// Normalise each vector to unit length after <see cref="TruncateDim"/> (<c>normalize_embeddings</c>, default false). A model
    /// with a Normalize module is normalised before truncation whatever this says, as in sentence-transformers.
    /// </summary>
    public bool Normalize { get; init; }

    /// <summary>Keep only the first this-many dimensions (<c>truncate_dim</c>, Matryoshka models); <see langword="null"/> keeps all.</summary>
    public int? TruncateDim { get; init; }

    /// <summary>The name of a prompt of config_sentence_transformers.json to prepend (<c>prompt_name</c>); <see langword="null"/> uses <c>default_prompt_name</c>.</summary>
    public string? PromptName { get; init; }

    /// <summary>A literal prompt to prepend (<c>prompt</c>); it wins over <see cref="PromptName"/>.</summary>
    public string? Prompt { get; init; }

    /// <summary>Texts per model run (<c>batch_size</c>, default 32). Texts are sorted by length first so that batches carry little padding.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Receives the number of texts done after each batch.</summary>
    public IProgress<EmbeddingProgress>? Progress { get; init; }
}

/// <summary>Progress of a batch encode.</summary>
/// <param name="Completed">Texts embedded so far.</param>
/// <param name="Total">Texts in the call.</param>
public readonly record struct EmbeddingProgress(int Completed, int Total);

/// <summary>The embeddings of one call, in input order, with the token counts (after truncation, special tokens included) for usage reports.</summary>
/// <param name="Embeddings">One vector per input text.</param>
/// <param name="TokenCounts">The tokens fed to the model for each text.</param>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Embeddings, IReadOnlyList<int> TokenCounts)
{
    /// <summary>The sum of <see cref="TokenCounts"/>.</summary>
    public int TotalTokens
    {
        get
        {
            var total = 0;
            foreach (var count in TokenCounts)
            {
                total += count;
            }

            return total;
        }
    }
}
