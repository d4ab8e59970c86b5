namespace Sharpformers.Pipelines;

/// <summary>
/// Entry point of the pipelines, like transformers' <c>pipeline(task, model)</c>: a Hub repo id or a local folder
/// becomes a ready pipeline.
/// </summary>
public static class Pipeline
{
    /// <summary>The task names that <see cref="Create(string, string, PipelineOptions?)"/> accepts.</summary>
    public static IReadOnlyList<string> SupportedTasks => PipelineTaskRegistry.Tasks;

    /// <summary>Creates a pipeline for a task, downloading the model if needed.</summary>
    /// <param name="task">A task name such as <c>text-generation</c>.</param>
    /// <param name="model">A Hub repo id (<c>org/name</c>) or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline; for <c>text-generation</c> a <see cref="TextGenerationPipeline"/>.</returns>
    /// <exception cref="ArgumentException">The task is unknown (the message lists the supported ones).</exception>
    public static IPipeline Create(string task, string model, PipelineOptions? options = null) =>
        CreateAsync(task, model, options).GetAwaiter().GetResult();

    /// <summary>Creates a pipeline for a task, downloading the model if needed, with progress and cancellation.</summary>
    /// <param name="task">A task name such as <c>text-generation</c>.</param>
    /// <param name="model">A Hub repo id (<c>org/name</c>) or a local model folder.</param>
    /// <param name="options">Hub, revision, model options and a progress sink.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    public static Task<IPipeline> CreateAsync(string task, string model, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return PipelineTaskRegistry.Get(task)(model, options ?? new PipelineOptions(), cancellationToken);
    }

    /// <summary>Creates a typed text-generation pipeline.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static TextGenerationPipeline CreateTextGeneration(string model, PipelineOptions? options = null) =>
        CreateTextGenerationAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a text-generation pipeline over a model and tokenizer that are already loaded (they are not disposed with it).</summary>
    /// <param name="model">The loaded causal language model.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <returns>The pipeline.</returns>
    public static TextGenerationPipeline CreateTextGeneration(Models.CausalLanguageModel model, Tokenization.PretrainedTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return TextGenerationPipelineFactory.FromLoaded(model.ModelDirectory, model, tokenizer);
    }

    /// <summary>Creates a typed text-generation pipeline asynchronously.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision, model options and a progress sink.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    public static Task<TextGenerationPipeline> CreateTextGenerationAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return TextGenerationPipelineFactory.CreateAsync(model, options ?? new PipelineOptions(), cancellationToken);
    }

    /// <summary>Creates a typed <c>feature-extraction</c> pipeline (token vectors of a base encoder).</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    public static async Task<FeatureExtractionPipeline> CreateFeatureExtractionAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new FeatureExtractionPipeline(await EncoderRunnerFactory.CreateAsync(model, Models.EncoderHead.None, options ?? new PipelineOptions(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Creates a typed <c>feature-extraction</c> pipeline.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static FeatureExtractionPipeline CreateFeatureExtraction(string model, PipelineOptions? options = null) =>
        CreateFeatureExtractionAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a sentence-embedding pipeline (sentence-transformers' pooling, normalisation, max length and prompts).</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    public static Task<SentenceEmbeddingPipeline> CreateSentenceEmbeddingsAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return SentenceEmbeddingPipelineFactory.CreateAsync(model, options ?? new PipelineOptions(), cancellationToken);
    }

    /// <summary>Creates a sentence-embedding pipeline.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static SentenceEmbeddingPipeline CreateSentenceEmbeddings(string model, PipelineOptions? options = null) =>
        CreateSentenceEmbeddingsAsync(model, options).GetAwaiter().GetResult();
}
