namespace Sharpformers.Pipelines;

/// <summary>
/// The table from task names to pipeline factories (as transformers' <c>SUPPORTED_TASKS</c>). Built-in tasks are
/// registered at start; more tasks are added here as they are built.
/// </summary>
internal static class PipelineTaskRegistry
{
    /// <summary>Creates a pipeline for a model.</summary>
    public delegate Task<IPipeline> Factory(string model, PipelineOptions options, CancellationToken cancellationToken);

    private static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [TextGenerationPipeline.TaskName] = async (model, options, ct) =>
            await TextGenerationPipelineFactory.CreateAsync(model, options, ct).ConfigureAwait(false),
        [FeatureExtractionPipeline.TaskName] = async (model, options, ct) =>
            await Pipeline.CreateFeatureExtractionAsync(model, options, ct).ConfigureAwait(false),
        [SentenceEmbeddingPipeline.TaskName] = async (model, options, ct) =>
            await SentenceEmbeddingPipelineFactory.CreateAsync(model, options, ct).ConfigureAwait(false),
        [TextClassificationPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateTextClassificationAsync(model, options, ct).ConfigureAwait(false),
        ["sentiment-analysis"] = async (model, options, ct) => await Pipeline.CreateTextClassificationAsync(model, options, ct).ConfigureAwait(false),
        [TokenClassificationPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateTokenClassificationAsync(model, options, ct).ConfigureAwait(false),
        ["ner"] = async (model, options, ct) => await Pipeline.CreateTokenClassificationAsync(model, options, ct).ConfigureAwait(false),
        [FillMaskPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateFillMaskAsync(model, options, ct).ConfigureAwait(false),
        [QuestionAnsweringPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateQuestionAnsweringAsync(model, options, ct).ConfigureAwait(false),
        [ZeroShotClassificationPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateZeroShotClassificationAsync(model, options, ct).ConfigureAwait(false),
        [RerankingPipeline.TaskName] = async (model, options, ct) => await Pipeline.CreateRerankingAsync(model, options, ct).ConfigureAwait(false),
        ["reranking"] = async (model, options, ct) => await Pipeline.CreateRerankingAsync(model, options, ct).ConfigureAwait(false),
    };

    /// <summary>Names of the supported tasks, sorted.</summary>
    public static IReadOnlyList<string> Tasks { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds the factory of a task.</summary>
    /// <exception cref="ArgumentException">The task is unknown; the message lists the supported ones.</exception>
    public static Factory Get(string task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        return Factories.TryGetValue(task, out var factory)
            ? factory
            : throw new ArgumentException($"unknown task '{task}'; supported tasks: {string.Join(", ", Tasks)}", nameof(task));
    }
}
