namespace Sharpformers.Generation.Configuration;

/// <summary>
/// The prompt alone already fills the model's context (<c>max_position_embeddings</c>, genai <c>context_length</c>), so
/// not one token can be generated; thrown before any compute. A request for more new tokens than the context leaves is
/// not an error: generation stops at the context with the finish reason "length".
/// </summary>
public sealed class ContextLengthExceededException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="promptLength">The prompt's length in tokens (padded width of the batch).</param>
    /// <param name="contextLength">The model's context length.</param>
    public ContextLengthExceededException(int promptLength, int contextLength)
        : base($"the prompt is {promptLength} tokens long but the model's context is {contextLength} tokens, so no token can be generated; shorten the prompt", "input_ids")
    {
        PromptLength = promptLength;
        ContextLength = contextLength;
    }

    /// <summary>The prompt's length in tokens.</summary>
    public int PromptLength { get; }

    /// <summary>The model's context length in tokens.</summary>
    public int ContextLength { get; }

    /// <summary>The message without the parameter-name suffix of <see cref="ArgumentException"/>.</summary>
    public override string Message =>
        $"the prompt is {PromptLength} tokens long but the model's context is {ContextLength} tokens, so no token can be generated; shorten the prompt";
}
