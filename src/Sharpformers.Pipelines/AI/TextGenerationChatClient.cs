using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using TemplateMessage = Sharpformers.Tokenization.ChatMessage;

namespace Sharpformers.Pipelines;

/// <summary>
/// A Microsoft.Extensions.AI <see cref="IChatClient"/> over a <see cref="TextGenerationPipeline"/>, so Sharpformers
/// models compose with the Microsoft.Extensions.AI middleware (logging, caching, OpenTelemetry) and Semantic Kernel.
/// </summary>
/// <remarks>
/// <see cref="ChatOptions"/> map to transformers parameters: <c>Temperature</c>, <c>TopP</c>, <c>TopK</c>,
/// <c>MaxOutputTokens</c> (<c>max_new_tokens</c>), <c>StopSequences</c> (<c>stop_strings</c>; removed from the reply, as
/// chat APIs do) and <c>Seed</c>. A positive temperature, or top-p/top-k, turns sampling on; temperature 0 is greedy.
/// Options the local model cannot honour (tools, penalties, response format) are refused with
/// <see cref="NotSupportedException"/> rather than ignored.
/// </remarks>
public sealed class TextGenerationChatClient : IChatClient
{
    private readonly TextGenerationPipeline _pipeline;
    private readonly bool _ownsPipeline;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Wraps a pipeline.</summary>
    /// <param name="pipeline">The text-generation pipeline.</param>
    /// <param name="ownsPipeline">Dispose the pipeline with this client.</param>
    public TextGenerationChatClient(TextGenerationPipeline pipeline, bool ownsPipeline = false)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _ownsPipeline = ownsPipeline;
        _metadata = new ChatClientMetadata("sharpformers", defaultModelId: pipeline.ModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (conversation, parameters) = Prepare(messages, options);
        var results = await _pipeline.ChatAsync(conversation, parameters, cancellationToken).ConfigureAwait(false);
        var first = results[0];
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, first.GeneratedText))
        {
            ModelId = _pipeline.ModelId,
            ResponseId = NewId(),
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = first.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = Usage(first.PromptTokenCount, first.CompletionTokenCount),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (conversation, parameters) = Prepare(messages, options);
        var responseId = NewId();
        var created = DateTimeOffset.UtcNow;
        await foreach (var update in _pipeline.StreamChatUpdatesAsync(conversation, parameters, cancellationToken).ConfigureAwait(false))
        {
            if (update.Text.Length > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, update.Text) { ResponseId = responseId, CreatedAt = created, ModelId = _pipeline.ModelId };
            }

            if (update.Completion is { } done)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(done.PromptTokenCount, done.CompletionTokenCount))])
                {
                    ResponseId = responseId,
                    CreatedAt = created,
                    ModelId = _pipeline.ModelId,
                    FinishReason = done.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
                };
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return serviceType.IsInstanceOfType(_pipeline) ? _pipeline : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsPipeline)
        {
            _pipeline.Dispose();
        }
    }

    private static (IReadOnlyList<TemplateMessage> Conversation, TextGenerationParameters Parameters) Prepare(
        IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = new List<TemplateMessage>();
        foreach (var message in messages)
        {
            conversation.Add(new TemplateMessage(message.Role.Value, message.Text));
        }

        return (conversation, ChatOptionsMapping.ToParameters(options));
    }

    private static UsageDetails Usage(int prompt, int completion) =>
        new() { InputTokenCount = prompt, OutputTokenCount = completion, TotalTokenCount = prompt + completion };

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");
}
