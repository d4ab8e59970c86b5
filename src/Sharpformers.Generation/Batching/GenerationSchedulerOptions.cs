namespace Sharpformers.Generation.Batching;

/// <summary>Limits of a <see cref="GenerationScheduler"/>: how many sequences share a step, how much KV room they may take, how many wait.</summary>
public sealed class GenerationSchedulerOptions
{
    /// <summary>The most sequences decoded together in one step (default 32).</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// The most tokens the running sequences may hold together, counting each at its full <c>max_length</c> (prompt + new
    /// tokens), which bounds the KV cache's memory (default 65,536). A request larger than this alone still runs, alone.
    /// </summary>
    public int MaxTokensInFlight { get; set; } = 65_536;

    /// <summary>The most requests waiting for a place in the batch; one more is refused with <see cref="GenerationQueueFullException"/> (default 64).</summary>
    public int MaxQueueLength { get; set; } = 64;

    /// <summary>The default <see cref="PrefillChunkTokens"/>.</summary>
    public const int DefaultPrefillChunkTokens = 64;

    /// <summary>
    /// The most padded prompt tokens prefilled before the running sequences' next decode step (default
    /// <see cref="DefaultPrefillChunkTokens"/>; 0: no limit). It bounds two things. Admission: the requests admitted
    /// together are prefilled in one forward of at most this many padded tokens (the queue head always goes, however long),
    /// and the next group waits for one decode step, so under a burst early arrivals get their first token early and
    /// running rows keep streaming. Chunked prefill: a longer prompt joining running sequences goes in chunks of this many
    /// tokens on its own cache, with one decode step between chunks, so it does not stall them for its whole prefill (on an
    /// idle scheduler prompts are forwarded whole). Chunking needs a graph that takes several new tokens over a non-empty
    /// past; the scheduler checks that once per model (a small whole-versus-chunked forward) and prefills whole where it
    /// does not hold, e.g. graphs from onnxruntime-genai's model builder whose <c>attn_mask_reformat</c> subgraph fails
    /// with "invalid expand shape".
    /// </summary>
    public int PrefillChunkTokens { get; set; } = DefaultPrefillChunkTokens;

    /// <summary>The wait suggested to a refused caller (HTTP <c>Retry-After</c>; default 1 s).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks every limit; throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokensInFlight, 1, nameof(MaxTokensInFlight));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxQueueLength, nameof(MaxQueueLength));
        ArgumentOutOfRangeException.ThrowIfNegative(PrefillChunkTokens, nameof(PrefillChunkTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfter, TimeSpan.Zero, nameof(RetryAfter));
    }

    /// <summary>A copy, so a running scheduler is not changed by later edits.</summary>
    /// <returns>The copy.</returns>
    public GenerationSchedulerOptions Clone() => (GenerationSchedulerOptions)MemberwiseClone();
}
