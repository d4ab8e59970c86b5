using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>Builds an encoder pipeline over a freshly loaded runner, disposing the runner when the pipeline cannot be built.</summary>
internal static class EncoderPipelines
{
    public static async Task<T> CreateAsync<T>(string model, EncoderHead head, PipelineOptions? options, Func<EncoderRunner, T> create, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var runner = await EncoderRunnerFactory.CreateAsync(model, head, options ?? new PipelineOptions(), cancellationToken).ConfigureAwait(false);
        try
        {
            return create(runner);
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }
}
