using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>A prompt for a text-generation backend: plain text, or chat messages rendered with the model's chat template.</summary>
internal sealed record TextGenerationPrompt(string? Text, IReadOnlyList<ChatMessage>? Messages)
{
    public static TextGenerationPrompt FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    public static TextGenerationPrompt FromMessages(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("a chat needs at least one message", nameof(messages));
        }

        return new(null, messages);
    }

    public bool IsChat => Messages is not null;
}

/// <summary>What a backend produced for one prompt: the continuation alone, and token counts.</summary>
internal sealed record TextCompletion(string Text, int PromptTokenCount, int CompletionTokenCount, FinishReason FinishReason);
