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
    /// <param name="scheduler">
    /// Limits of the continuous-batching scheduler the pipeline creates (and disposes) for concurrent requests;
    /// <see langword="null"/> takes the defaults. Ignored when <paramref name="continuousBatching"/> is <see langword="false"/>.
    /// </param>
    /// <param name="continuousBatching">Whether concurrent requests share decode steps (default <see langword="true"/>).</param>
    /// <returns>The pipeline.</returns>
    public static TextGenerationPipeline CreateTextGeneration(
        Models.CausalLanguageModel model,
        Tokenization.PretrainedTokenizer tokenizer,
        Generation.Batching.GenerationSchedulerOptions? scheduler = null,
        bool continuousBatching = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return TextGenerationPipelineFactory.FromLoaded(model.ModelDirectory, model, tokenizer, continuousBatching ? scheduler ?? new Generation.Batching.GenerationSchedulerOptions() : null);
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
        return await EncoderPipelines.CreateAsync(model, Models.EncoderHead.None, options, r => new FeatureExtractionPipeline(r), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Creates a typed <c>text-classification</c> (<c>sentiment-analysis</c>) pipeline over a sequence-classification model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<TextClassificationPipeline> CreateTextClassificationAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.SequenceClassification, options, r => new TextClassificationPipeline(r), cancellationToken);

    /// <summary>Creates a typed <c>text-classification</c> (<c>sentiment-analysis</c>) pipeline over a sequence-classification model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static TextClassificationPipeline CreateTextClassification(string model, PipelineOptions? options = null) =>
        CreateTextClassificationAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a typed <c>token-classification</c> (<c>ner</c>) pipeline over a token-classification model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<TokenClassificationPipeline> CreateTokenClassificationAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.TokenClassification, options, r => new TokenClassificationPipeline(r), cancellationToken);

    /// <summary>Creates a typed <c>token-classification</c> (<c>ner</c>) pipeline over a token-classification model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static TokenClassificationPipeline CreateTokenClassification(string model, PipelineOptions? options = null) =>
        CreateTokenClassificationAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a typed <c>fill-mask</c> pipeline over a masked-LM model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<FillMaskPipeline> CreateFillMaskAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.MaskedLM, options, r => new FillMaskPipeline(r), cancellationToken);

    /// <summary>Creates a typed <c>fill-mask</c> pipeline over a masked-LM model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static FillMaskPipeline CreateFillMask(string model, PipelineOptions? options = null) =>
        CreateFillMaskAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a typed <c>question-answering</c> pipeline over an extractive QA model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<QuestionAnsweringPipeline> CreateQuestionAnsweringAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.QuestionAnswering, options, r => new QuestionAnsweringPipeline(r), cancellationToken);

    /// <summary>Creates a typed <c>question-answering</c> pipeline over an extractive QA model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static QuestionAnsweringPipeline CreateQuestionAnswering(string model, PipelineOptions? options = null) =>
        CreateQuestionAnsweringAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a typed <c>zero-shot-classification</c> pipeline over an NLI (sequence-classification) model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<ZeroShotClassificationPipeline> CreateZeroShotClassificationAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.SequenceClassification, options, r => new ZeroShotClassificationPipeline(r), cancellationToken);

    /// <summary>Creates a typed <c>zero-shot-classification</c> pipeline over an NLI (sequence-classification) model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static ZeroShotClassificationPipeline CreateZeroShotClassification(string model, PipelineOptions? options = null) =>
        CreateZeroShotClassificationAsync(model, options).GetAwaiter().GetResult();

    /// <summary>Creates a typed reranking (<c>text-ranking</c>) pipeline over a cross-encoder (sequence-classification) model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <param name="cancellationToken">Cancels download and loading.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="InvalidDataException">The model has no such head (the message names its outputs).</exception>
    public static Task<RerankingPipeline> CreateRerankingAsync(string model, PipelineOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderPipelines.CreateAsync(model, Models.EncoderHead.SequenceClassification, options, r => new RerankingPipeline(r), cancellationToken);

    /// <summary>Creates a typed reranking (<c>text-ranking</c>) pipeline over a cross-encoder (sequence-classification) model.</summary>
    /// <param name="model">A Hub repo id or a local model folder.</param>
    /// <param name="options">Hub, revision and model options.</param>
    /// <returns>The pipeline.</returns>
    public static RerankingPipeline CreateReranking(string model, PipelineOptions? options = null) =>
        CreateRerankingAsync(model, options).GetAwaiter().GetResult();
}
