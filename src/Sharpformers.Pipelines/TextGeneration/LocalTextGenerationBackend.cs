using System.Runtime.CompilerServices;
using Sharpformers.Generation;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>Text generation on a local ONNX model with its tokenizer, as transformers' <c>TextGenerationPipeline</c> does it.</summary>
internal sealed class LocalTextGenerationBackend : ITextGenerationBackend
{
    private readonly CausalLanguageModel _model;
    private readonly PretrainedTokenizer _tokenizer;
    private readonly IGenerationTokenizer _generationTokenizer;
    private readonly bool _ownsModel;

    public LocalTextGenerationBackend(string modelId, CausalLanguageModel model, PretrainedTokenizer tokenizer, bool ownsModel, GenerationScheduler? scheduler = null)
    {
        Scheduler = scheduler;
        ModelId = modelId;
        _model = model;
        _tokenizer = tokenizer;
        _generationTokenizer = tokenizer.AsGenerationTokenizer();
        _ownsModel = ownsModel;
    }

    public string ModelId { get; }

    public string? ChatTemplate => _tokenizer.TokenizerConfig is { } config
        ? ChatTemplateSelector.Select(config, name: null, hasTools: true)
        : null;

    public GenerationScheduler? Scheduler { get; }

    public async Task<IReadOnlyList<IReadOnlyList<TextCompletion>>> GenerateAsync(
        IReadOnlyList<TextGenerationPrompt> prompts, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        var config = parameters.ApplyTo(_model.GenerationConfig);
        var encoded = new int[prompts.Count][];
        for (var i = 0; i < prompts.Count; i++)
        {
            encoded[i] = EncodePrompt(prompts[i], parameters.Tools);
        }

        if (Scheduler is { } scheduler && GenerationScheduler.CanBatch(config, null))
        {
            return await GenerateScheduledAsync(scheduler, encoded, config, parameters, cancellationToken).ConfigureAwait(false);
        }

        var padId = config.PadTokenId ?? config.EosTokenId?[0] ?? 0;
        var batch = LeftPaddedBatch.Create(encoded, padId);
        var options = new GenerationOptions { AttentionMask = batch.AttentionMask, Tokenizer = TokenizerFor(config, parameters), Constraint = parameters.Constraint, FitMaxNewTokensToContext = FitsToContext(parameters) };
        var result = await _model.GenerateAsync(batch.InputIds, config, options, cancellationToken).ConfigureAwait(false);

        var perPrompt = result.Sequences.Count / prompts.Count;
        var eos = config.EosTokenId ?? [];
        var completions = new IReadOnlyList<TextCompletion>[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            var rows = new TextCompletion[perPrompt];
            for (var r = 0; r < perPrompt; r++)
            {
                var sequence = result.Sequences[i * perPrompt + r];
                rows[r] = Complete(batch.Unpadded(i), sequence.AsSpan(result.PromptLength), eos, config);
            }

            completions[i] = rows;
        }

        return completions;
    }

    public async IAsyncEnumerable<TextGenerationUpdate> StreamAsync(
        TextGenerationPrompt prompt, TextGenerationParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var config = parameters.ApplyTo(_model.GenerationConfig);
        var ids = EncodePrompt(prompt, parameters.Tools);
        var eos = config.EosTokenId ?? [];
        var generated = 0;
        var endedOnEos = false;

        // Decode prompt + continuation incrementally and emit what lies beyond the decoded prompt, so the stream adds up to
        // exactly the non-streamed continuation (which transformers computes the same way).
        var decoder = _tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var primed = 0;
        foreach (var id in ids)
        {
            primed += decoder.Append(id).Length;
        }

        var skip = _tokenizer.Decode(ids, skipSpecialTokens: true).Length - primed;
        var options = new GenerationOptions { Tokenizer = TokenizerFor(config, parameters), Constraint = parameters.Constraint, FitMaxNewTokensToContext = FitsToContext(parameters) };
        var prompt64 = Array.ConvertAll(ids, id => (long)id);
        var tokens = Scheduler is { } scheduler
            ? scheduler.GenerateStreamAsync(prompt64, config, options, cancellationToken)
            : _model.GenerateStreamAsync(prompt64, config, options, cancellationToken);
        await foreach (var token in tokens.ConfigureAwait(false))
        {
            generated++;
            endedOnEos = eos.Contains((int)token.TokenId);
            var text = Skip(decoder.Append((int)token.TokenId), ref skip);
            if (text.Length > 0)
            {
                yield return new TextGenerationUpdate(text);
            }
        }

        var reason = endedOnEos || (config.StopStrings is { Count: > 0 } && generated < MaxNew(config, ids.Length)) ? FinishReason.Stop : FinishReason.Length;
        yield return new TextGenerationUpdate(Skip(decoder.Flush(), ref skip), new TextGenerationSummary(ids.Length, generated, reason));
    }

    public void Dispose()
    {
        Scheduler?.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }

    /// <summary>
    /// Each prompt is its own request in the shared batch (one returned sequence each); if one is refused or fails, the
    /// others are cancelled so a refused call leaves nothing running.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<TextCompletion>>> GenerateScheduledAsync(
        GenerationScheduler scheduler, int[][] encoded, GenerationConfig config, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        using var all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<GenerationResult>[encoded.Length];
        try
        {
            for (var i = 0; i < encoded.Length; i++)
            {
                var options = new GenerationOptions
                {
                    Tokenizer = TokenizerFor(config, parameters),
                    Constraint = parameters.Constraint,
                    FitMaxNewTokensToContext = FitsToContext(parameters),
                };
                tasks[i] = scheduler.GenerateAsync(Array.ConvertAll(encoded[i], id => (long)id), config, options, all.Token);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            await all.CancelAsync().ConfigureAwait(false);
            foreach (var task in tasks)
            {
                if (task is not null)
                {
                    await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            throw;
        }

        var eos = config.EosTokenId ?? [];
        var completions = new IReadOnlyList<TextCompletion>[encoded.Length];
        for (var i = 0; i < encoded.Length; i++)
        {
            var result = tasks[i].Result;
            completions[i] = [Complete(encoded[i], result.Sequences[0].AsSpan(result.PromptLength), eos, config)];
        }

        return completions;
    }

    /// <summary>
    /// Generation reads text only for stop strings; the pipeline decodes the continuation itself, so without stop strings no
    /// tokenizer is passed and each step is not decoded twice. A constraint needs the tokenizer's vocabulary.
    /// </summary>
    private IGenerationTokenizer? TokenizerFor(GenerationConfig config, TextGenerationParameters parameters) =>
        config.StopStrings is { Count: > 0 } || parameters.Constraint is not null ? _generationTokenizer : null;

    private static string Skip(string text, ref int skip)
    {
        if (skip <= 0)
        {
            return text;
        }

        var cut = Math.Min(skip, text.Length);
        skip -= cut;
        return text[cut..];
    }

    /// <summary>Text prompts are encoded with special tokens; chat prompts are rendered and encoded without them, as transformers does.</summary>
    private int[] EncodePrompt(TextGenerationPrompt prompt, IReadOnlyList<System.Text.Json.JsonElement>? tools)
    {
        int[] ids = prompt.IsChat
            ? [.. _tokenizer.Encode(_tokenizer.ApplyChatTemplate(prompt.Messages!, addGenerationPrompt: true, tools: tools), addSpecialTokens: false).Ids]
            : [.. _tokenizer.Encode(prompt.Text!, addSpecialTokens: true).Ids];
        for (var position = 0; position < ids.Length; position++)
        {
            if ((uint)ids[position] >= (uint)_model.VocabSize)
            {
                throw new TokenIdOutOfRangeException(ids[position], 0, position, _model.VocabSize);
            }
        }

        return ids;
    }

    /// <summary>
    /// The continuation text as transformers' pipeline computes it: decode prompt + new tokens, then cut the decoded prompt's
    /// length off the front, so text that merges across the boundary comes out as in Python.
    /// </summary>
    private TextCompletion Complete(int[] prompt, ReadOnlySpan<long> newTokens, IReadOnlyList<int> eos, GenerationConfig config)
    {
        var count = 0;
        var stopped = false;
        while (count < newTokens.Length)
        {
            var id = (int)newTokens[count++];
            if (eos.Contains(id))
            {
                stopped = true;
                break;
            }
        }

        var all = new int[prompt.Length + count];
        prompt.CopyTo(all, 0);
        for (var i = 0; i < count; i++)
        {
            all[prompt.Length + i] = (int)newTokens[i];
        }

        var promptText = _tokenizer.Decode(prompt, skipSpecialTokens: true);
        var fullText = _tokenizer.Decode(all, skipSpecialTokens: true);
        var text = fullText.Length >= promptText.Length ? fullText[promptText.Length..] : string.Empty;
        if (!stopped && config.StopStrings is { Count: > 0 } stops && count < MaxNew(config, prompt.Length))
        {
            stopped = stops.Any(s => text.EndsWith(s, StringComparison.Ordinal));
        }

        return new TextCompletion(text, prompt.Length, count, stopped ? FinishReason.Stop : FinishReason.Length);
    }

    /// <summary>Whether max_new_tokens is only an upper bound: the caller gave none (the model's default) or asked for that.</summary>
    private static bool FitsToContext(TextGenerationParameters parameters) => parameters.MaxNewTokens is null || parameters.FitMaxNewTokensToContext;

    private static int MaxNew(GenerationConfig config, int promptLength) => config.MaxNewTokens ?? Math.Max(0, config.MaxLength - promptLength);
}
