namespace Sharpformers.Pipelines;

/// <summary>One way of asking a remote server for a completion.</summary>
internal interface IRemoteProtocol
{
    /// <summary>Throws <see cref="NotSupportedException"/> naming the first parameter this protocol cannot send.</summary>
    void Validate(TextGenerationPrompt prompt, TextGenerationParameters parameters);

    /// <summary>The completions of one prompt (<c>num_return_sequences</c> of them).</summary>
    Task<IReadOnlyList<TextCompletion>> GenerateAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken);

    /// <summary>The continuation of one prompt in pieces; the last update carries the summary.</summary>
    IAsyncEnumerable<TextGenerationUpdate> StreamAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken);
}
