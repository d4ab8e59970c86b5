using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// Sentence embeddings as sentence-transformers computes them: the model's <see cref="SentenceTransformerConfig"/> (pooling,
/// Normalize, <c>max_seq_length</c>, prompts) over a base encoder; without sentence-transformers files, mean pooling over the
/// model's maximum length. Texts are tokenized in parallel, sorted by length and run in padded batches, each cut into
/// sub-batches where the rows' lengths drop far enough (<see cref="SubBatchRows"/>). Thread-safe.
/// </summary>
public sealed class SentenceEmbeddingPipeline : IPipeline
{
    /// <summary>The task name (not a transformers task: sentence-transformers' <c>encode</c>).</summary>
    public const string TaskName = "sentence-embeddings";

    private static readonly string[] Arguments = ["normalize", "normalize_embeddings", "truncate_dim", "prompt_name", "prompt", "batch_size"];

    private readonly EncoderRunner runner;
    private readonly int maxLength;
    private readonly int hidden;

    internal SentenceEmbeddingPipeline(EncoderRunner runner, SentenceTransformerConfig config)
    {
        this.runner = runner;
        Configuration = config;
        maxLength = runner.Limit(config.MaxSeqLength);
        hidden = runner.Model.OutputSize ?? config.WordEmbeddingDimension
            ?? throw new InvalidDataException($"The hidden size of '{runner.ModelId}' is unknown: neither the graph, config.json (hidden_size) nor 1_Pooling/config.json say it.");
        Dimensions = Pooling.Dimension(config.Pooling, hidden);
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>The length of the vectors (before any <see cref="EmbeddingOptions.TruncateDim"/>).</summary>
    public int Dimensions { get; }

    /// <summary>The longest input in tokens; longer texts are truncated (sentence-transformers' <c>max_seq_length</c>, capped by the model).</summary>
    public int MaxSequenceLength => maxLength;

    /// <summary>The sentence-transformers configuration in use.</summary>
    public SentenceTransformerConfig Configuration { get; }

    /// <summary>The tokenizer.</summary>
    public PretrainedTokenizer Tokenizer => runner.Tokenizer;

    /// <summary>The encoder.</summary>
    public EncoderModel Model => runner.Model;

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text (an empty string is embedded as sentence-transformers does: the special tokens alone).</param>
    /// <param name="options">Normalisation, truncation and prompt options.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The vector.</returns>
    public async Task<float[]> EmbedAsync(string text, EmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = await EmbedAsync([text], options, cancellationToken).ConfigureAwait(false);
        return result.Embeddings[0];
    }

    /// <summary>Embeds many texts in length-sorted batches, reporting progress after each batch.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="options">Normalisation, truncation, prompt, batch size and progress.</param>
    /// <param name="cancellationToken">Cancels between and within batches.</param>
    /// <returns>The vectors in input order, with token counts.</returns>
    /// <exception cref="ArgumentException">A null text, an unknown prompt name, a batch size or <c>truncate_dim</c> out of range.</exception>
    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, EmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new EmbeddingOptions();
        return System.Threading.Tasks.Task.Run(() => Embed(texts, options, cancellationToken), cancellationToken);
    }

    /// <summary>Embeds many texts on the calling thread (see <see cref="EmbedAsync(IReadOnlyList{string}, EmbeddingOptions?, CancellationToken)"/>).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="options">Normalisation, truncation, prompt, batch size and progress.</param>
    /// <param name="cancellationToken">Cancels between and within batches.</param>
    /// <returns>The vectors in input order, with token counts.</returns>
    public EmbeddingResult Embed(IReadOnlyList<string> texts, EmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new EmbeddingOptions();
        if (options.BatchSize <= 0)
        {
            throw new ArgumentException($"batch_size must be positive, got {options.BatchSize}", nameof(options));
        }

        if (options.TruncateDim is int t && (t <= 0 || t > Dimensions))
        {
            throw new ArgumentException($"truncate_dim must be between 1 and {Dimensions}, got {t}", nameof(options));
        }

        var prompt = ResolvePrompt(options);
        var skip = prompt is not null && !Configuration.IncludePrompt ? Math.Max(0, runner.Tokenizer.Encode(prompt).Length - 1) : 0;
        using var tokens = TokenizedTexts.Create(runner, texts, prompt, maxLength);
        var order = LengthOrder(tokens);
        var vectors = new float[texts.Count][];
        var counts = new int[texts.Count];
        var outputDim = options.TruncateDim ?? Dimensions;
        var pooled = System.Buffers.ArrayPool<float>.Shared.Rent(Dimensions);
        try
        {
            for (var start = 0; start < texts.Count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(options.BatchSize, texts.Count - start);
                for (var first = start; first < start + count;)
                {
                    var rows = SubBatchRows(tokens, order, first, start + count - first, SubBatchPaddingTokens);
                    using var batch = PaddedBatch.FromIds(tokens, order, first, rows, runner.PadId);
                    using var output = runner.Model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.Rows, cancellationToken);
                    var states = output.Values();
                    var length = output.SequenceLength;
                    for (var r = 0; r < rows; r++)
                    {
                        var index = order[first + r];
                        var vector = pooled.AsSpan(0, Dimensions);
                        Pooling.Pool(states.Slice(r * length * hidden, batch.Length * hidden), batch.AttentionMask.Slice(r * batch.Length, batch.Length), hidden, Configuration.Pooling, skip, vector);
                        if (Configuration.Normalize)
                        {
                            Pooling.Normalize(vector);
                        }

                        var result = vector[..outputDim].ToArray();
                        if (options.Normalize)
                        {
                            Pooling.Normalize(result);
                        }

                        vectors[index] = result;
                        counts[index] = tokens.Length(index);
                    }

                    first += rows;
                }

                options.Progress?.Report(new EmbeddingProgress(start + count, texts.Count));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(pooled);
        }

        return new EmbeddingResult(vectors, counts);
    }

    /// <summary>Counts the tokens a text is fed to the model with (after truncation, special tokens included).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count.</returns>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return runner.Encode([text], maxLength: maxLength)[0].Length;
    }

    /// <inheritdoc />
    /// <remarks>A string gives a <c>float[]</c>, a list of strings a <c>float[][]</c>. Arguments: <c>normalize</c> (or <c>normalize_embeddings</c>), <c>truncate_dim</c>, <c>prompt_name</c>, <c>prompt</c>, <c>batch_size</c>.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new EmbeddingOptions();
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            options = name switch
            {
                "normalize" or "normalize_embeddings" => options with { Normalize = KeywordValues.Bool(name, value) },
                "truncate_dim" => options with { TruncateDim = KeywordValues.NullableInt(name, value) },
                "prompt_name" => options with { PromptName = value is null ? null : KeywordValues.String(name, value) },
                "prompt" => options with { Prompt = value is null ? null : KeywordValues.String(name, value) },
                "batch_size" => options with { BatchSize = KeywordValues.Int(name, value) },
                _ => throw KeywordValues.Unknown(TaskName, name, Arguments),
            };
        }

        return inputs switch
        {
            string text => await EmbedAsync(text, options, cancellationToken).ConfigureAwait(false),
            IReadOnlyList<string> texts => (await EmbedAsync(texts, options, cancellationToken).ConfigureAwait(false)).Embeddings.ToArray(),
            _ => throw TextInputs.Unsupported(TaskName, inputs),
        };
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    private string? ResolvePrompt(EmbeddingOptions options)
    {
        if (options.Prompt is not null)
        {
            return options.Prompt;
        }

        var name = options.PromptName ?? Configuration.DefaultPromptName;
        if (name is null)
        {
            return null;
        }

        return Configuration.Prompts.TryGetValue(name, out var prompt)
            ? prompt
            : throw new ArgumentException(
                $"prompt_name '{name}' is not among the model's prompts ({(Configuration.Prompts.Count == 0 ? "none" : string.Join(", ", Configuration.Prompts.Keys))})", nameof(options));
    }

    /// <summary>
    /// How many padding positions a separate model call must save before a batch is split there (see <see cref="SubBatchRows"/>);
    /// <see cref="int.MaxValue"/> never splits. Internal so the benchmarks can compare settings in one process.
    /// </summary>
    internal int SubBatchPaddingTokens { get; set; } = DefaultSubBatchPaddingTokens;

    /// <summary>The default of <see cref="SubBatchPaddingTokens"/>, chosen by measurement (docs/benchmarks.md, "Sentence embeddings").</summary>
    internal const int DefaultSubBatchPaddingTokens = 256;

    /// <summary>
    /// The rows of the next model call among the <paramref name="available"/> length-sorted texts from <paramref name="first"/>: the
    /// batch is cut before the first row whose shorter length would spare at least <paramref name="paddingTokens"/> padding
    /// positions over it and the rows after it (all padded to the first row's length otherwise), so each call's width tracks its
    /// rows' lengths while short batches stay one call.
    /// </summary>
    internal static int SubBatchRows(TokenizedTexts tokens, int[] order, int first, int available, int paddingTokens)
    {
        var width = tokens.Length(order[first]);
        for (var r = 1; r < available; r++)
        {
            var saved = (long)(width - tokens.Length(order[first + r])) * (available - r);
            if (saved >= paddingTokens)
            {
                return r;
            }
        }

        return available;
    }

    /// <summary>Indices by decreasing token count, so each batch pads to nearly its own length.</summary>
    private static int[] LengthOrder(TokenizedTexts tokens)
    {
        var order = new int[tokens.Count];
        var keys = new int[tokens.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = -tokens.Length(i);
        }

        Array.Sort(keys, order);
        return order;
    }
}
