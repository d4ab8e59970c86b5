namespace Sharpformers.Generation.Configuration;

/// <summary>
/// A generate call that cannot fit the model's context (<c>max_position_embeddings</c>, genai <c>context_length</c>),
/// thrown before any compute: either the prompt alone fills it, so not one token can be generated, or the caller's
/// explicit <c>max_new_tokens</c> (<see cref="RequestedNewTokens"/>) asks for more tokens than the context leaves after
/// the prompt. A <c>max_new_tokens</c> that is only a default (see <see cref="GenerationOptions.FitMaxNewTokensToContext"/>)
/// and a <c>max_length</c> are lowered to the context instead: generation stops there with the finish reason "length".
/// </summary>
public sealed class ContextLengthExceededException : ArgumentException
{
    /// <summary>Creates the exception for a prompt that fills the context on its own.</summary>
    /// <param name="promptLength">The prompt's length in tokens (padded width of the batch).</param>
    /// <param name="contextLength">The model's context length.</param>
    public ContextLengthExceededException(int promptLength, int contextLength)
        : this(promptLength, contextLength, requestedNewTokens: null)
    {
    }

    /// <summary>Creates the exception for a prompt plus an explicit <c>max_new_tokens</c> that overflow the context.</summary>
    /// <param name="promptLength">The prompt's length in tokens (padded width of the batch).</param>
    /// <param name="contextLength">The model's context length.</param>
    /// <param name="requestedNewTokens">The explicit <c>max_new_tokens</c>; <see langword="null"/> when the prompt alone fills the context.</param>
    public ContextLengthExceededException(int promptLength, int contextLength, int? requestedNewTokens)
        : base(Describe(promptLength, contextLength, requestedNewTokens), requestedNewTokens is null ? "input_ids" : "max_new_tokens")
    {
        PromptLength = promptLength;
        ContextLength = contextLength;
        RequestedNewTokens = requestedNewTokens;
    }

    /// <summary>The prompt's length in tokens.</summary>
    public int PromptLength { get; }

    /// <summary>The model's context length in tokens.</summary>
    public int ContextLength { get; }

    /// <summary>The explicit <c>max_new_tokens</c> that did not fit; <see langword="null"/> when the prompt alone fills the context.</summary>
    public int? RequestedNewTokens { get; }

    /// <summary>The most new tokens the context leaves after the prompt (0 when the prompt fills it).</summary>
    public int AvailableNewTokens => Math.Max(0, ContextLength - PromptLength);

    /// <summary>The message without the parameter-name suffix of <see cref="ArgumentException"/>.</summary>
    public override string Message => Describe(PromptLength, ContextLength, RequestedNewTokens);

    private static string Describe(int promptLength, int contextLength, int? requestedNewTokens) => requestedNewTokens is { } requested
        ? $"the prompt is {promptLength} tokens long and max_new_tokens asks for {requested} more, but the model's context is {contextLength} tokens; "
            + $"ask for at most {Math.Max(0, contextLength - promptLength)} new tokens or shorten the prompt"
        : $"the prompt is {promptLength} tokens long but the model's context is {contextLength} tokens, so no token can be generated; shorten the prompt";
}
