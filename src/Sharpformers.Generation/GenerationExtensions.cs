using System.Runtime.CompilerServices;
using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;

namespace Sharpformers.Generation;

/// <summary>
/// <c>generate()</c> for <see cref="CausalLanguageModel"/>: greedy search, multinomial sampling or beam search as the
/// <see cref="GenerationConfig"/> says, with transformers' semantics. Without a config the model's own
/// (<see cref="CausalLanguageModel.GenerationConfig"/>) is used; unset special tokens are taken from the model.
/// One model serves concurrent calls.
/// </summary>
public static class GenerationExtensions
{
    /// <summary>Generates from one prompt.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Extra processors, criteria and tokenizer.</param>
    /// <param name="cancellationToken">Cancels between and within steps.</param>
    /// <returns>The sequences (prompt + new tokens).</returns>
    public static GenerationResult Generate(this CausalLanguageModel model, IReadOnlyList<long> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return model.Generate([inputIds], config, options, cancellationToken);
    }

    /// <summary>Generates from one prompt.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Extra processors, criteria and tokenizer.</param>
    /// <param name="cancellationToken">Cancels between and within steps.</param>
    /// <returns>The sequences (prompt + new tokens).</returns>
    public static GenerationResult Generate(this CausalLanguageModel model, ReadOnlySpan<long> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        model.Generate([inputIds.ToArray()], config, options, cancellationToken);

    /// <summary>
    /// Generates from a batch of prompts. Rows of different lengths are left-padded with the pad id and masked, as transformers
    /// does; pass <see cref="GenerationOptions.AttentionMask"/> for prompts that already carry padding.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompts.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Attention mask, extra processors, criteria and tokenizer.</param>
    /// <param name="cancellationToken">Cancels between and within steps.</param>
    /// <returns><c>num_return_sequences</c> sequences per prompt, in order.</returns>
    public static GenerationResult Generate(this CausalLanguageModel model, IReadOnlyList<IReadOnlyList<long>> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var effective = GenerationRunner.Effective(config, model.GenerationConfig, model.Config);
        return GenerationRunner.Run(new CausalLanguageModelDecoder(model), inputIds, effective, options ?? new GenerationOptions(), model.Config.MaxPositionEmbeddings, sink: null, cancellationToken);
    }

    /// <summary>
    /// Runs <see cref="Generate(CausalLanguageModel, IReadOnlyList{IReadOnlyList{long}}, GenerationConfig?, GenerationOptions?, CancellationToken)"/>
    /// on a thread of its own, so that many long generations at once never starve the thread pool (a server's other
    /// requests run there).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompts.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Attention mask, extra processors, criteria and tokenizer.</param>
    /// <param name="cancellationToken">Cancels between and within steps.</param>
    /// <returns>The result.</returns>
    public static Task<GenerationResult> GenerateAsync(this CausalLanguageModel model, IReadOnlyList<IReadOnlyList<long>> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        DecodeThread.Run(() => model.Generate(inputIds, config, options, cancellationToken), cancellationToken);

    /// <summary>Runs the single-prompt <c>Generate</c> on a thread of its own.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Extra processors, criteria and tokenizer.</param>
    /// <param name="cancellationToken">Cancels between and within steps.</param>
    /// <returns>The result.</returns>
    public static Task<GenerationResult> GenerateAsync(this CausalLanguageModel model, IReadOnlyList<long> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return model.GenerateAsync([inputIds], config, options, cancellationToken);
    }

    /// <summary>
    /// Generates from one prompt and yields each new token as soon as it is chosen (greedy or sampling, one returned
    /// sequence), with its text when <see cref="GenerationOptions.Tokenizer"/> is set.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Tokenizer, extra processors and criteria.</param>
    /// <param name="cancellationToken">Stops generation; also stopped when the consumer stops enumerating.</param>
    /// <returns>The new tokens.</returns>
    public static async IAsyncEnumerable<GeneratedToken> GenerateStreamAsync(
        this CausalLanguageModel model,
        IReadOnlyList<long> inputIds,
        GenerationConfig? config = null,
        GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputIds);
        options ??= new GenerationOptions();
        var effective = GenerationRunner.Effective(config, model.GenerationConfig, model.Config);
        if (effective.NumReturnSequences != 1)
        {
            throw new InvalidGenerationConfigException("num_return_sequences", "invalid generation config: streaming returns one sequence (num_return_sequences must be 1)");
        }

        var sink = new ChannelTokenSink(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = DecodeThread.Run(
            () =>
            {
                try
                {
                    GenerationRunner.Run(new CausalLanguageModelDecoder(model), [inputIds], effective, options, model.Config.MaxPositionEmbeddings, sink, stop.Token);
                    sink.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    sink.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var token in sink.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return token;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}
