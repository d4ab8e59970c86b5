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

        var tokenizer = await AutoTokenizer.FromPretrainedAsync(model, cancellationToken: cancellationToken).ConfigureAwait(false);
        var causalLm = await AutoModelForCausalLM.FromPretrainedAsync(model, options.Model, cancellationToken).ConfigureAwait(false);
        return new TextGenerationPipeline(new LocalTextGenerationBackend(model, causalLm, tokenizer, ownsModel: true));
    }

    public static TextGenerationPipeline FromLoaded(string modelId, CausalLanguageModel model, PretrainedTokenizer tokenizer) =>
        new(new LocalTextGenerationBackend(modelId, model, tokenizer, ownsModel: false));
}
