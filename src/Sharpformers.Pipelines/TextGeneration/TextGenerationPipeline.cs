using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>text-generation</c> task: continues text or answers a chat, as transformers'
/// <c>pipeline("text-generation")</c>. One instance is safe for concurrent calls; batches run as real batches.
/// </summary>
public sealed class TextGenerationPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "text-generation";

    private readonly ITextGenerationBackend _backend;

    internal TextGenerationPipeline(ITextGenerationBackend backend) => _backend = backend;

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => _backend.ModelId;

    /// <summary>
    /// How this model writes tool calls, detected from its chat template (<see cref="ToolCallFormats.Detect"/>);
    /// <see cref="Pipelines.ToolCallFormat.Json"/> for remote backends and models without a template.
    /// </summary>
    public ToolCallFormat ToolCallFormat => ToolCallFormats.Detect(_backend.ChatTemplate);

    /// <summary>
    /// The continuous-batching scheduler concurrent requests share (its limits, queue and metrics), or <see langword="null"/>
    /// for a remote pipeline or when <see cref="PipelineOptions.ContinuousBatching"/> is off.
    /// </summary>
    public Generation.Batching.GenerationScheduler? Scheduler => _backend.Scheduler;

    /// <summary>Continues one prompt.</summary>
    /// <param name="prompt">The text to continue.</param>
    /// <param name="parameters">Generation parameters; <see langword="null"/> keeps the model's defaults.</param>
    /// <param name="cancellationToken">Cancels generation within one decoding step.</param>
    /// <returns><c>num_return_sequences</c> results.</returns>
    public async Task<IReadOnlyList<TextGenerationResult>> GenerateAsync(
        string prompt, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var batch = await GenerateAsync([prompt], parameters, cancellationToken).ConfigureAwait(false);
        return batch[0];
    }

    /// <summary>Continues a batch of prompts in one batched generation (left-padded).</summary>
    /// <param name="prompts">The texts to continue.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <param name="cancellationToken">Cancels generation within one decoding step.</param>
    /// <returns>For each prompt, in order, its <c>num_return_sequences</c> results.</returns>
    public async Task<IReadOnlyList<IReadOnlyList<TextGenerationResult>>> GenerateAsync(
        IReadOnlyList<string> prompts, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            return [];
        }

        parameters ??= new TextGenerationParameters();
        var requests = new TextGenerationPrompt[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            requests[i] = TextGenerationPrompt.FromText(prompts[i] ?? throw new ArgumentException($"prompt {i} is null", nameof(prompts)));
        }

        var completions = await _backend.GenerateAsync(requests, parameters, cancellationToken).ConfigureAwait(false);
        var results = new IReadOnlyList<TextGenerationResult>[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            results[i] = ToResults(requests[i], completions[i], parameters);
        }

        return results;
    }

    /// <summary>Answers a chat: the messages are rendered with the model's chat template and a generation prompt.</summary>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <param name="cancellationToken">Cancels generation within one decoding step.</param>
    /// <returns><c>num_return_sequences</c> results whose <see cref="TextGenerationResult.Messages"/> end with the assistant's reply.</returns>
    public async Task<IReadOnlyList<TextGenerationResult>> ChatAsync(
        IReadOnlyList<ChatMessage> messages, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new TextGenerationParameters();
        var prompt = TextGenerationPrompt.FromMessages(messages);
        var completions = await _backend.GenerateAsync([prompt], parameters, cancellationToken).ConfigureAwait(false);
        return ToResults(prompt, completions[0], parameters);
    }

    /// <summary>Continues one prompt, yielding text pieces as soon as they are final.</summary>
    /// <param name="prompt">The text to continue.</param>
    /// <param name="parameters">Generation parameters (<c>num_return_sequences</c> must be 1).</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The pieces of the continuation; concatenated they equal the non-streamed continuation.</returns>
    public IAsyncEnumerable<string> StreamAsync(string prompt, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default) =>
        TextOnly(StreamUpdatesAsync(TextGenerationPrompt.FromText(prompt), parameters, cancellationToken));

    /// <summary>Answers a chat, yielding the reply in pieces.</summary>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The pieces of the assistant's reply.</returns>
    public IAsyncEnumerable<string> StreamChatAsync(
        IReadOnlyList<ChatMessage> messages, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default) =>
        TextOnly(StreamUpdatesAsync(TextGenerationPrompt.FromMessages(messages), parameters, cancellationToken));

    /// <summary>Continues one prompt as a stream of updates whose last one carries token counts and the finish reason.</summary>
    /// <param name="prompt">The text to continue.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The updates.</returns>
    public IAsyncEnumerable<TextGenerationUpdate> StreamUpdatesAsync(string prompt, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default) =>
        StreamUpdatesAsync(TextGenerationPrompt.FromText(prompt), parameters, cancellationToken);

    /// <summary>Answers a chat as a stream of updates whose last one carries token counts and the finish reason.</summary>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The updates.</returns>
    public IAsyncEnumerable<TextGenerationUpdate> StreamChatUpdatesAsync(
        IReadOnlyList<ChatMessage> messages, TextGenerationParameters? parameters = null, CancellationToken cancellationToken = default) =>
        StreamUpdatesAsync(TextGenerationPrompt.FromMessages(messages), parameters, cancellationToken);

    /// <summary>Synchronous form of <see cref="GenerateAsync(string, TextGenerationParameters?, CancellationToken)"/>.</summary>
    /// <param name="prompt">The text to continue.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <returns><c>num_return_sequences</c> results.</returns>
    public IReadOnlyList<TextGenerationResult> Generate(string prompt, TextGenerationParameters? parameters = null) =>
        GenerateAsync(prompt, parameters).GetAwaiter().GetResult();

    /// <summary>Synchronous form of <see cref="ChatAsync"/>.</summary>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="parameters">Generation parameters.</param>
    /// <returns><c>num_return_sequences</c> results.</returns>
    public IReadOnlyList<TextGenerationResult> Chat(IReadOnlyList<ChatMessage> messages, TextGenerationParameters? parameters = null) =>
        ChatAsync(messages, parameters).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var parameters = KeywordArguments.ToTextGenerationParameters(kwargs);
        return inputs switch
        {
            string text => await GenerateAsync(text, parameters, cancellationToken).ConfigureAwait(false),
            IReadOnlyList<ChatMessage> messages => await ChatAsync(messages, parameters, cancellationToken).ConfigureAwait(false),
            IReadOnlyList<string> texts => await GenerateAsync(texts, parameters, cancellationToken).ConfigureAwait(false),
            null => throw new ArgumentNullException(nameof(inputs)),
            _ => throw new ArgumentException(
                $"text-generation takes a string, a list of strings or a list of ChatMessage, not {inputs.GetType().Name}", nameof(inputs)),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _backend.Dispose();

    private IAsyncEnumerable<TextGenerationUpdate> StreamUpdatesAsync(
        TextGenerationPrompt prompt, TextGenerationParameters? parameters, CancellationToken cancellationToken)
    {
        parameters ??= new TextGenerationParameters();
        if (parameters.NumReturnSequences is > 1 || parameters.NumBeams is > 1)
        {
            throw new ArgumentException("streaming generates one sequence: num_return_sequences and num_beams must be 1", nameof(parameters));
        }

        var updates = _backend.StreamAsync(prompt, parameters, cancellationToken);
        return parameters.IncludeStopStrings || parameters.StopStrings is not { Count: > 0 } stops ? updates : WithoutStopStrings(updates, stops);
    }

    private static async IAsyncEnumerable<TextGenerationUpdate> WithoutStopStrings(IAsyncEnumerable<TextGenerationUpdate> updates, IReadOnlyList<string> stops)
    {
        var holdBack = new StopSequenceHoldBack(stops);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            var text = update.Completion is null ? holdBack.Push(update.Text) : holdBack.Finish(update.Text);
            if (text.Length > 0 || update.Completion is not null)
            {
                yield return update with { Text = text };
            }
        }
    }

    private static async IAsyncEnumerable<string> TextOnly(IAsyncEnumerable<TextGenerationUpdate> updates)
    {
        await foreach (var update in updates.ConfigureAwait(false))
        {
            if (update.Text.Length > 0)
            {
                yield return update.Text;
            }
        }
    }

    private static TextGenerationResult[] ToResults(TextGenerationPrompt prompt, IReadOnlyList<TextCompletion> completions, TextGenerationParameters parameters)
    {
        var results = new TextGenerationResult[completions.Count];
        for (var i = 0; i < completions.Count; i++)
        {
            var completion = completions[i];
            if (!parameters.IncludeStopStrings && parameters.StopStrings is { Count: > 0 } stops)
            {
                completion = completion with { Text = StopSequences.TrimEnd(completion.Text, stops) };
            }

            results[i] = new TextGenerationResult
            {
                GeneratedText = prompt.IsChat || !parameters.ReturnFullText ? completion.Text : prompt.Text + completion.Text,
                Messages = prompt.IsChat ? [.. prompt.Messages!, new ChatMessage("assistant", completion.Text)] : null,
                PromptTokenCount = completion.PromptTokenCount,
                CompletionTokenCount = completion.CompletionTokenCount,
                FinishReason = completion.FinishReason,
            };
        }

        return results;
    }
}
