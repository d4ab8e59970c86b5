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
/// <c>Tools</c> (function declarations) are rendered by the model's chat template and the reply is read for calls in the
/// model's format (<see cref="ToolCallFormat"/>), returned as <see cref="FunctionCallContent"/>;
/// <see cref="FunctionResultContent"/> in the history becomes <c>tool</c> messages. <c>ToolMode</c> <c>RequireAny</c> or
/// <c>RequireSpecific</c> and a JSON <c>ResponseFormat</c> constrain decoding so the output is a valid call or valid JSON.
/// Options the local model cannot honour (penalties, hosted tools) are refused with
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

    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key for vLLM-style structured outputs: a JSON object (a
    /// <see cref="System.Text.Json.JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonObject"/>) with one of
    /// <c>json</c> (a schema), <c>json_object</c> (true), <c>regex</c>, <c>choice</c> (a list of strings) or <c>grammar</c>.
    /// </summary>
    public const string StructuredOutputsKey = "structured_outputs";

    /// <summary>
    /// How replies are read for tool calls; <see langword="null"/> (the default) detects the format from the model's chat
    /// template (<see cref="TextGenerationPipeline.ToolCallFormat"/>).
    /// </summary>
    public ToolCallFormat? ToolCallFormat { get; init; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Prepare(messages, options);
        var results = await _pipeline.ChatAsync(request.Conversation, request.Parameters, cancellationToken).ConfigureAwait(false);
        var first = results[0];
        var reply = request.ReadsToolCalls ? ToolCallFormats.Parse(first.GeneratedText, request.Format) : new ParsedReply(first.GeneratedText, []);
        var calls = request.Limit(reply.ToolCalls);
        var contents = new List<AIContent>();
        if (calls.Count == 0 || reply.Content.Length > 0)
        {
            contents.Add(new TextContent(calls.Count == 0 ? first.GeneratedText : reply.Content));
        }

        contents.AddRange(calls.Select(call => ChatToolsMapping.ToContent(call, request.Format)));
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = _pipeline.ModelId,
            ResponseId = NewId(),
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = calls.Count > 0 ? ChatFinishReason.ToolCalls : first.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = Usage(first.PromptTokenCount, first.CompletionTokenCount),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Prepare(messages, options);
        var responseId = NewId();
        var created = DateTimeOffset.UtcNow;
        var filter = request.ReadsToolCalls ? new ToolCallStreamFilter(request.Format) : null;
        await foreach (var update in _pipeline.StreamChatUpdatesAsync(request.Conversation, request.Parameters, cancellationToken).ConfigureAwait(false))
        {
            var contents = new List<AIContent>();
            var calls = 0;
            if (filter is null)
            {
                AddText(contents, update.Text);
            }
            else if (update.Completion is null)
            {
                AddText(contents, filter.Push(update.Text));
            }
            else
            {
                // The held-back part is complete now: its calls, and any text around them.
                var reply = filter.Finish(update.Text);
                var found = request.Limit(reply.ToolCalls);
                AddText(contents, reply.Content);
                contents.AddRange(found.Select(call => ChatToolsMapping.ToContent(call, request.Format)));
                calls = found.Count;
            }

            if (contents.Count > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents) { ResponseId = responseId, CreatedAt = created, ModelId = _pipeline.ModelId };
            }

            if (update.Completion is { } done)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(done.PromptTokenCount, done.CompletionTokenCount))])
                {
                    ResponseId = responseId,
                    CreatedAt = created,
                    ModelId = _pipeline.ModelId,
                    FinishReason = calls > 0 ? ChatFinishReason.ToolCalls : done.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
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

    private ChatRequest Prepare(IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = ChatMessageMapping.ToTemplateMessages(messages);
        var parameters = ChatOptionsMapping.ToParameters(options);
        var format = ToolCallFormat ?? _pipeline.ToolCallFormat;
        parameters = ChatConstraints.Apply(parameters, options, format);

        // A JSON response format or structured output makes the reply data, not a call.
        var readsCalls = parameters.Tools is { Count: > 0 } && (parameters.Constraint is null || options?.ToolMode is RequiredChatToolMode);
        return new ChatRequest(conversation, parameters, format, readsCalls, options?.AllowMultipleToolCalls is false);
    }

    private static void AddText(List<AIContent> contents, string text)
    {
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }
    }

    private static UsageDetails Usage(int prompt, int completion) =>
        new() { InputTokenCount = prompt, OutputTokenCount = completion, TotalTokenCount = prompt + completion };

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    /// <summary>One call's prepared input, and how its reply is read.</summary>
    private sealed record ChatRequest(
        IReadOnlyList<TemplateMessage> Conversation, TextGenerationParameters Parameters, ToolCallFormat Format, bool ReadsToolCalls, bool SingleCall)
    {
        /// <summary>With <see cref="ChatOptions.AllowMultipleToolCalls"/> false, only the first call is kept.</summary>
        public IReadOnlyList<ParsedToolCall> Limit(IReadOnlyList<ParsedToolCall> calls) => SingleCall && calls.Count > 1 ? [calls[0]] : calls;
    }
}
