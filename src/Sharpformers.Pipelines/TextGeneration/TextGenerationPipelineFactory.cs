using Microsoft.Extensions.Logging;
using Sharpformers.Generation.Batching;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>Loads the tokenizer and model of a text-generation pipeline.</summary>
internal static class TextGenerationPipelineFactory
{
    public static async Task<TextGenerationPipeline> CreateAsync(string model, PipelineOptions options, CancellationToken cancellationToken)
    {
        if (options.Remote is { } remote)
        {
            return new TextGenerationPipeline(new RemoteTextGenerationBackend(model, remote));
        }

        var tokenizerOptions = new TokenizerOptions { Hub = options.Hub, Revision = options.Revision, Progress = options.Progress };
        var tokenizer = await AutoTokenizer.FromPretrainedAsync(model, tokenizerOptions, cancellationToken).ConfigureAwait(false);
        var modelOptions = options.Model.Clone(); // the caller's options stay as they were
        modelOptions.Hub ??= options.Hub;
        modelOptions.Revision ??= options.Revision;
        modelOptions.Progress ??= options.Progress;
        var causalLm = await AutoModelForCausalLM.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false);
        var scheduler = options.ContinuousBatching ? new GenerationScheduler(causalLm, options.Scheduler, options.LoggerFactory?.CreateLogger<GenerationScheduler>()) : null;
        return new TextGenerationPipeline(new LocalTextGenerationBackend(model, causalLm, tokenizer, ownsModel: true, scheduler));
    }

    public static TextGenerationPipeline FromLoaded(string modelId, CausalLanguageModel model, PretrainedTokenizer tokenizer, GenerationSchedulerOptions? scheduler) =>
        new(new LocalTextGenerationBackend(modelId, model, tokenizer, ownsModel: false, scheduler is null ? null : new GenerationScheduler(model, scheduler)));
}
