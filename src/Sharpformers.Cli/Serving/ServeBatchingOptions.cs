using System.CommandLine;
using Sharpformers.Generation.Batching;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// The continuous-batching and admission flags of <c>serve</c>: <c>--no-batching</c>, <c>--max-batch-size</c>,
/// <c>--max-queue</c>, <c>--max-tokens-in-flight</c>, <c>--prefill-chunk-tokens</c>, and <c>--metrics</c> for the <c>/metrics</c> route.
/// </summary>
internal sealed class ServeBatchingOptions
{
    private readonly GenerationSchedulerOptions _defaults = new();

    public ServeBatchingOptions()
    {
        NoBatching = new Option<bool>("--no-batching") { Description = "Run each request in its own decode loop instead of sharing steps (continuous batching is on by default)." };
        MaxBatchSize = Positive("--max-batch-size", $"Most sequences decoded together in one step (default {_defaults.MaxBatchSize}); with --no-batching, most decode loops at once (default: one per core).");
        MaxQueue = NonNegative("--max-queue", $"Most requests waiting for the batch; beyond it requests get 429 with Retry-After (default {_defaults.MaxQueueLength}).");
        MaxTokensInFlight = Positive("--max-tokens-in-flight", $"Most prompt + new tokens the running sequences may hold together, bounding KV memory (default {_defaults.MaxTokensInFlight}).");
        PrefillChunkTokens = NonNegative("--prefill-chunk-tokens", $"Most prompt tokens prefilled between two decode steps of the running requests: newcomers are admitted in groups of at most this many tokens and a longer prompt is prefilled in chunks where the model's graph allows it (default {GenerationSchedulerOptions.DefaultPrefillChunkTokens}; 0: no limit).");
        Metrics = new Option<bool>("--metrics") { Description = "Expose the generation metrics (tokens, batch occupancy, queue, time to first token) at GET /metrics in the Prometheus text format." };
    }

    public Option<bool> NoBatching { get; }

    public Option<int?> MaxBatchSize { get; }

    public Option<int?> MaxQueue { get; }

    public Option<int?> MaxTokensInFlight { get; }

    public Option<int?> PrefillChunkTokens { get; }

    public Option<bool> Metrics { get; }

    public IEnumerable<Option> All => [NoBatching, MaxBatchSize, MaxQueue, MaxTokensInFlight, PrefillChunkTokens, Metrics];

    public void Apply(ParseResult parse, SharpformersOptions options)
    {
        options.ContinuousBatching = !parse.GetValue(NoBatching);
        options.Scheduler = new GenerationSchedulerOptions
        {
            MaxBatchSize = parse.GetValue(MaxBatchSize) ?? _defaults.MaxBatchSize,
            MaxQueueLength = parse.GetValue(MaxQueue) ?? _defaults.MaxQueueLength,
            MaxTokensInFlight = parse.GetValue(MaxTokensInFlight) ?? _defaults.MaxTokensInFlight,
            PrefillChunkTokens = parse.GetValue(PrefillChunkTokens) ?? _defaults.PrefillChunkTokens,
        };
    }

    /// <summary>
    /// With <c>--no-batching</c>, the admission of decode loops: <c>--max-batch-size</c> loops at once (default: one per
    /// core) and <c>--max-queue</c> waiting; null with continuous batching.
    /// </summary>
    public Admission.DecodeLoopAdmission? DecodeLoopAdmission(ParseResult parse) =>
        parse.GetValue(NoBatching)
            ? new Admission.DecodeLoopAdmission(
                parse.GetValue(MaxBatchSize) ?? Environment.ProcessorCount, parse.GetValue(MaxQueue) ?? _defaults.MaxQueueLength, _defaults.RetryAfter)
            : null;

    private static Option<int?> Positive(string name, string description) => AtLeast(name, description, 1, $"{name} must be at least 1");

    private static Option<int?> NonNegative(string name, string description) => AtLeast(name, description, 0, $"{name} must be 0 or more");

    private static Option<int?> AtLeast(string name, string description, int minimum, string error)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() < minimum)
            {
                result.AddError(error);
            }
        });
        return option;
    }
}
