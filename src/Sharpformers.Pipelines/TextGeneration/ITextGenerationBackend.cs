namespace Sharpformers.Pipelines;

/// <summary>
/// Where text is generated: a local ONNX model with its tokenizer, or a remote serving engine. The pipeline above it
/// handles inputs, <c>return_full_text</c> and chat results, so every backend gives the same shapes.
/// </summary>
internal interface ITextGenerationBackend : IDisposable
{
    /// <summary>The model's name (repo id, folder or remote model name).</summary>
    string ModelId { get; }

    /// <summary>The Jinja source of the chat template chat prompts are rendered with; null when the backend renders none itself.</summary>
    string? ChatTemplate { get; }

    /// <summary>The continuous-batching scheduler of a local model, or <see langword="null"/> (remote, or batching off).</summary>
    Generation.Batching.GenerationScheduler? Scheduler { get; }

    /// <summary>Generates <c>num_return_sequences</c> completions for each prompt, in order, as one batch where possible.</summary>
    Task<IReadOnlyList<IReadOnlyList<TextCompletion>>> GenerateAsync(
        IReadOnlyList<TextGenerationPrompt> prompts, TextGenerationParameters parameters, CancellationToken cancellationToken);

    /// <summary>Streams the continuation of one prompt as text pieces; the last update carries the summary.</summary>
    IAsyncEnumerable<TextGenerationUpdate> StreamAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken);
}
