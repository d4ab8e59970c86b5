namespace Sharpformers.Models;

/// <summary>
/// A decoder-only language model on ONNX Runtime, loaded by <see cref="AutoModelForCausalLM"/>. It is stateless between calls:
/// all per-request state lives in a <see cref="KvCache"/>, so one model serves concurrent requests, each with its own cache.
/// </summary>
public sealed class CausalLanguageModel : IDisposable
{
    private readonly DecoderGraph primary;
    private readonly DecoderGraph? firstStep;
    private bool disposed;

    internal CausalLanguageModel(
        PretrainedConfig config,
        GenerationConfig generationConfig,
        string modelDirectory,
        OnnxModelFiles files,
        DecoderGraph primary,
        DecoderGraph? firstStep,
        KvSlot[] slots)
    {
        Config = config;
        GenerationConfig = generationConfig;
        ModelDirectory = modelDirectory;
        Files = files;
        this.primary = primary;
        this.firstStep = firstStep;
        Slots = slots;
    }

    /// <summary>The model's <c>config.json</c> (synthesised from <c>genai_config.json</c> when the folder has no config.json).</summary>
    public PretrainedConfig Config { get; }

    /// <summary>
    /// The model's default generation settings: <c>generation_config.json</c> when present, else those of <c>config.json</c>
    /// (transformers' rules, see <see cref="GenerationConfig.FromPretrained"/>). Shared by every caller: <see cref="GenerationConfig.Clone"/> it before changing it.
    /// </summary>
    public GenerationConfig GenerationConfig { get; }

    /// <summary>The local folder the model was loaded from.</summary>
    public string ModelDirectory { get; }

    /// <summary>The number of logits per position.</summary>
    public int VocabSize => primary.VocabSize;

    internal OnnxModelFiles Files { get; }

    internal DecoderGraph Primary => primary;

    internal DecoderGraph? FirstStep => firstStep;

    internal KvSlot[] Slots { get; }

    /// <summary>Creates an empty cache for <paramref name="batchSize"/> sequences.</summary>
    /// <param name="batchSize">Rows; <see cref="KvCache.Reorder"/> can change it later (beams, returned sequences).</param>
    /// <returns>A cache the caller disposes.</returns>
    public KvCache CreateCache(int batchSize)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new KvCache(this, batchSize);
    }

    /// <summary>
    /// Runs <c>newTokens</c> positions for every row of <paramref name="cache"/> and appends them to it, returning the logits of the
    /// last new position of each row as <c>[batch × vocab]</c> floats (float16 models are converted). The span stays valid until the
    /// next forward on this cache or its disposal.
    /// </summary>
    /// <param name="cache">The cache of this model holding the rows' past.</param>
    /// <param name="inputIds">The new tokens, <c>[batch × newTokens]</c> row-major.</param>
    /// <param name="attentionMask">1 for real and 0 for padding positions over past and new tokens, <c>[batch × (cache.SequenceLength + newTokens)]</c>.</param>
    /// <param name="positionIds">The positions of the new tokens, <c>[batch × newTokens]</c> (ignored by graphs without <c>position_ids</c>).</param>
    /// <param name="cancellationToken">Cancels the run; the cache is then unchanged.</param>
    /// <returns>The logits.</returns>
    public ReadOnlySpan<float> Forward(KvCache cache, ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken = default)
    {
        Check(cache);
        return DecoderStep.Run(cache, inputIds, attentionMask, positionIds, lastOnly: true, cancellationToken);
    }

    /// <summary>As <see cref="Forward"/>, but returns the logits of every new position, <c>[batch × newTokens × vocab]</c>.</summary>
    /// <param name="cache">The cache of this model holding the rows' past.</param>
    /// <param name="inputIds">The new tokens, <c>[batch × newTokens]</c> row-major.</param>
    /// <param name="attentionMask">The mask over past and new tokens, <c>[batch × (cache.SequenceLength + newTokens)]</c>.</param>
    /// <param name="positionIds">The positions of the new tokens, <c>[batch × newTokens]</c>.</param>
    /// <param name="cancellationToken">Cancels the run; the cache is then unchanged.</param>
    /// <returns>The logits.</returns>
    public ReadOnlySpan<float> ForwardAllPositions(KvCache cache, ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken = default)
    {
        Check(cache);
        return DecoderStep.Run(cache, inputIds, attentionMask, positionIds, lastOnly: false, cancellationToken);
    }

    /// <summary>Releases the ONNX Runtime sessions. Caches must not be used afterwards.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        primary.Dispose();
        firstStep?.Dispose();
    }

    private void Check(KvCache cache)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(cache);
        if (!ReferenceEquals(cache.Model, this))
        {
            throw new ArgumentException("The cache was created by another model.", nameof(cache));
        }
    }
}
