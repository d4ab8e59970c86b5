using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sharpformers.Generation.Batching;

namespace Sharpformers.Pipelines;

/// <summary>Returned by <see cref="SharpformersServiceCollectionExtensions.AddSharpformers(IServiceCollection, Action{SharpformersOptions}?)"/> to register pipelines and chat clients.</summary>
public sealed class SharpformersBuilder
{
    internal SharpformersBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a singleton <see cref="TextGenerationPipeline"/> for a model, loaded lazily on first use and then shared by
    /// all requests, and its <see cref="GenerationScheduler"/> (continuous batching, on unless
    /// <see cref="SharpformersOptions.ContinuousBatching"/> or <see cref="PipelineOptions.ContinuousBatching"/> is false). When <see cref="PipelineOptions.Remote"/> (or <see cref="SharpformersOptions.Remote"/>) is set, it
    /// generates on that server through the <c>IHttpClientFactory</c> client named <c>Sharpformers.Remote</c>.
    /// </summary>
    /// <param name="model">Hub repo id or local folder (the remote model name for a remote pipeline).</param>
    /// <param name="configure">Adjusts this model's options (dtype, revision, ...) after the application-wide ones.</param>
    /// <returns>This builder.</returns>
    public SharpformersBuilder AddTextGenerationPipeline(string model, Action<PipelineOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Services.AddSingleton(sp => CreatePipeline(sp, model, configure));
        Services.TryAddSingleton(sp => SchedulerOf(sp.GetRequiredService<TextGenerationPipeline>()));
        return this;
    }

    /// <summary>Registers a keyed singleton <see cref="TextGenerationPipeline"/>, for applications that serve several models.</summary>
    /// <param name="serviceKey">The key to resolve it with (<c>[FromKeyedServices(key)]</c>).</param>
    /// <param name="model">Hub repo id or local folder.</param>
    /// <param name="configure">Adjusts this model's options.</param>
    /// <returns>This builder.</returns>
    public SharpformersBuilder AddKeyedTextGenerationPipeline(object serviceKey, string model, Action<PipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Services.AddKeyedSingleton(serviceKey, (sp, _) => CreatePipeline(sp, model, configure));
        Services.TryAddKeyedSingleton(serviceKey, (sp, key) => SchedulerOf(sp.GetRequiredKeyedService<TextGenerationPipeline>(key)));
        return this;
    }

    /// <summary>
    /// Registers an <see cref="IChatClient"/> over the registered <see cref="TextGenerationPipeline"/>, returning the
    /// Microsoft.Extensions.AI builder so middleware (logging, caching, OpenTelemetry) can be added.
    /// </summary>
    /// <returns>The chat client builder.</returns>
    public ChatClientBuilder AddChatClient() =>
        Services.AddChatClient(sp => new TextGenerationChatClient(sp.GetRequiredService<TextGenerationPipeline>()));

    /// <summary>Registers a keyed <see cref="IChatClient"/> over the keyed pipeline of the same key.</summary>
    /// <param name="serviceKey">The key of a pipeline registered with <see cref="AddKeyedTextGenerationPipeline"/>.</param>
    /// <returns>The chat client builder.</returns>
    public ChatClientBuilder AddKeyedChatClient(object serviceKey) =>
        Services.AddKeyedChatClient(serviceKey, sp => new TextGenerationChatClient(sp.GetRequiredKeyedService<TextGenerationPipeline>(serviceKey)));

    /// <summary>
    /// The pipeline's scheduler, registered per model so applications can read its queue, limits and metrics. The pipeline
    /// owns it; the container may dispose it too (<see cref="GenerationScheduler.Dispose"/> is idempotent).
    /// </summary>
    private static GenerationScheduler SchedulerOf(TextGenerationPipeline pipeline) =>
        pipeline.Scheduler ?? throw new InvalidOperationException(
            $"the text-generation pipeline of '{pipeline.ModelId}' has no continuous-batching scheduler (it is remote, or Sharpformers:ContinuousBatching is false)");

    /// <summary>
    /// Registers a singleton <see cref="SentenceEmbeddingPipeline"/> and an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
    /// (<c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>) over it, loaded lazily on first use with the application-wide
    /// options (cache, offline, dtype, provider), returning Microsoft.Extensions.AI's builder so middleware can be added.
    /// </summary>
    /// <param name="model">Hub repo id or local folder of an encoder (sentence-transformers files are used when present).</param>
    /// <param name="configure">Adjusts this model's options (dtype, revision, ...) after the application-wide ones.</param>
    /// <returns>The embedding generator builder.</returns>
    public EmbeddingGeneratorBuilder<string, Embedding<float>> AddEmbeddingGenerator(string model, Action<PipelineOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Services.AddSingleton(sp => CreateEmbeddingPipeline(sp, model, configure));
        return Services.AddEmbeddingGenerator(sp => new SentenceEmbeddingGenerator(sp.GetRequiredService<SentenceEmbeddingPipeline>()));
    }

    /// <summary>Registers a keyed <see cref="SentenceEmbeddingPipeline"/> and a keyed embedding generator over it, for applications with several embedding models.</summary>
    /// <param name="serviceKey">The key to resolve both with.</param>
    /// <param name="model">Hub repo id or local folder.</param>
    /// <param name="configure">Adjusts this model's options.</param>
    /// <returns>The embedding generator builder.</returns>
    public EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedEmbeddingGenerator(object serviceKey, string model, Action<PipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Services.AddKeyedSingleton(serviceKey, (sp, _) => CreateEmbeddingPipeline(sp, model, configure));
        return Services.AddKeyedEmbeddingGenerator(serviceKey, sp => new SentenceEmbeddingGenerator(sp.GetRequiredKeyedService<SentenceEmbeddingPipeline>(serviceKey)));
    }

    private static SentenceEmbeddingPipeline CreateEmbeddingPipeline(IServiceProvider services, string model, Action<PipelineOptions>? configure)
    {
        var pipelineOptions = PipelineOptionsFactory.From(services.GetRequiredService<IOptions<SharpformersOptions>>().Value);
        pipelineOptions.Remote = null; // remote settings are for text generation
        configure?.Invoke(pipelineOptions);
        return Pipeline.CreateSentenceEmbeddings(model, pipelineOptions);
    }

    private static TextGenerationPipeline CreatePipeline(IServiceProvider services, string model, Action<PipelineOptions>? configure)
    {
        var options = services.GetRequiredService<IOptions<SharpformersOptions>>().Value;
        var pipelineOptions = PipelineOptionsFactory.From(options);
        pipelineOptions.LoggerFactory = services.GetService<ILoggerFactory>();
        configure?.Invoke(pipelineOptions);
        if (pipelineOptions.Remote is { HttpClient: null } remote)
        {
            remote.HttpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(RemoteTextGenerationBackend.HttpClientName);
            remote.HttpClient.Timeout = Timeout.InfiniteTimeSpan; // RemoteOptions.Timeout governs each call, streamed body included
        }

        return Pipeline.CreateTextGeneration(model, pipelineOptions);
    }
}
