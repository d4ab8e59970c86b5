namespace Sharpformers.Pipelines;

/// <summary>One piece of a streamed generation. The last update of a stream carries the token counts and why it ended.</summary>
/// <param name="Text">New text, final (never half a character); may be empty on the last update.</param>
/// <param name="Completion">Set on the last update only.</param>
public sealed record TextGenerationUpdate(string Text, TextGenerationSummary? Completion = null);

/// <summary>Token counts and finish reason of a finished generation.</summary>
/// <param name="PromptTokenCount">Tokens of the prompt.</param>
/// <param name="CompletionTokenCount">Tokens generated.</param>
/// <param name="FinishReason">Why generation ended.</param>
public sealed record TextGenerationSummary(int PromptTokenCount, int CompletionTokenCount, FinishReason FinishReason);
