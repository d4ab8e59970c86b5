using System.Runtime.CompilerServices;

namespace Sharpformers.Pipelines.Tests.ToolCalling;

/// <summary>A backend that answers with scripted replies (streamed in small pieces) and records what it was asked.</summary>
internal sealed class ScriptedBackend(string? chatTemplate, params string[] replies) : ITextGenerationBackend
{
    private readonly Queue<string> _replies = new(replies);

    public List<(TextGenerationPrompt Prompt, TextGenerationParameters Parameters)> Requests { get; } = [];

    public string ModelId => "scripted";

    public string? ChatTemplate => chatTemplate;

    public Sharpformers.Generation.Batching.GenerationScheduler? Scheduler => null;

    public Task<IReadOnlyList<IReadOnlyList<TextCompletion>>> GenerateAsync(
        IReadOnlyList<TextGenerationPrompt> prompts, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        var results = new List<IReadOnlyList<TextCompletion>>();
        foreach (var prompt in prompts)
        {
            Requests.Add((prompt, parameters));
            results.Add([new TextCompletion(_replies.Dequeue(), 7, 5, FinishReason.Stop)]);
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<TextCompletion>>>(results);
    }

    public async IAsyncEnumerable<TextGenerationUpdate> StreamAsync(
        TextGenerationPrompt prompt, TextGenerationParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Requests.Add((prompt, parameters));
        var reply = _replies.Dequeue();
        for (var at = 0; at < reply.Length; at += 3)
        {
            await Task.Yield();
            yield return new TextGenerationUpdate(reply.Substring(at, Math.Min(3, reply.Length - at)));
        }

        yield return new TextGenerationUpdate(string.Empty, new TextGenerationSummary(7, 5, FinishReason.Stop));
    }

    public void Dispose()
    {
    }
}
