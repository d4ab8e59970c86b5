using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>Why a generated text ended.</summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence token or a stop string was produced.</summary>
    Stop,

    /// <summary>The maximum number of new tokens (or the maximum length) was reached.</summary>
    Length,
}

/// <summary>One generated text, as transformers' <c>{"generated_text": ...}</c>.</summary>
public sealed record TextGenerationResult
{
    /// <summary>The text: prompt plus continuation when <see cref="TextGenerationParameters.ReturnFullText"/> is set, else the continuation alone.</summary>
    public required string GeneratedText { get; init; }

    /// <summary>For chat input: the conversation with the assistant's reply appended; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Tokens of the prompt (after the chat template, with special tokens).</summary>
    public int PromptTokenCount { get; init; }

    /// <summary>Tokens generated (padding excluded).</summary>
    public int CompletionTokenCount { get; init; }

    /// <summary>Why generation ended.</summary>
    public FinishReason FinishReason { get; init; }
}
