using Sharpformers.Hub;
using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>Loads a sentence-embedding pipeline: the sentence-transformers files (fetched with the model for a repo id), the tokenizer and the base encoder.</summary>
internal static class SentenceEmbeddingPipelineFactory
{
    public static async Task<SentenceEmbeddingPipeline> CreateAsync(string model, PipelineOptions options, CancellationToken cancellationToken)
    {
        var folder = await HubModelResolver.ResolveFolderAsync(model, SentenceTransformerConfig.Files, options.Hub, options.Revision, options.Progress, cancellationToken)
            .ConfigureAwait(false);
        var config = SentenceTransformerConfig.Load(folder);
        var runner = await EncoderRunnerFactory.CreateAsync(model, EncoderHead.None, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return new SentenceEmbeddingPipeline(runner, config);
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }
}
