namespace Sharpformers.Pipelines;

/// <summary>
/// A task pipeline created by name with <see cref="Pipeline.Create(string, string, PipelineOptions?)"/>, called like
/// transformers' <c>pipe(inputs, **kwargs)</c>. Typed pipelines such as <see cref="TextGenerationPipeline"/> offer a
/// typed API on top of this.
/// </summary>
public interface IPipeline : IDisposable
{
    /// <summary>The task name, e.g. <c>text-generation</c>.</summary>
    string Task { get; }

    /// <summary>The model the pipeline runs.</summary>
    string ModelId { get; }

    /// <summary>Runs the task on untyped input with transformers keyword arguments.</summary>
    /// <param name="inputs">For text generation: a string, a list of strings, or a list of chat messages.</param>
    /// <param name="kwargs">Arguments with transformers names (<c>max_new_tokens</c>, <c>top_p</c>, ...).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The task's result: for text generation, <c>IReadOnlyList&lt;TextGenerationResult&gt;</c> for one input, or a list of those for a batch.</returns>
    Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default);
}
