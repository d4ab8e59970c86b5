using Sharpformers.Hub;

namespace Sharpformers.Pipelines;

/// <summary>
/// Application-wide Sharpformers settings, bindable from the configuration section <c>Sharpformers</c>
/// (<c>CacheDir</c>, <c>Endpoint</c>, <c>Token</c>, <c>Offline</c>, <c>DefaultDtype</c>, <c>DefaultProvider</c>, <c>Remote</c>,
/// <c>ContinuousBatching</c>, <c>Scheduler</c>). Unset
/// values fall back to the <c>HF_*</c> environment variables.
/// </summary>
public sealed class SharpformersOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sharpformers";

    /// <summary>Hub cache folder (<c>HF_HUB_CACHE</c>).</summary>
    public string? CacheDir { get; set; }

    /// <summary>Hub endpoint (<c>HF_ENDPOINT</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Hub token (<c>HF_TOKEN</c>).</summary>
    public string? Token { get; set; }

    /// <summary>Resolve models from the cache only (<c>HF_HUB_OFFLINE</c>).</summary>
    public bool? Offline { get; set; }

    /// <summary>Default ONNX variant (<c>fp16</c>, <c>q4</c>, ...) for models registered without one.</summary>
    public string? DefaultDtype { get; set; }

    /// <summary>Default execution provider name (<c>cpu</c>, <c>cuda</c>, <c>directml</c>, <c>coreml</c>).</summary>
    public string? DefaultProvider { get; set; }

    /// <summary>
    /// Remote generation settings (section <c>Sharpformers:Remote</c>: <c>Endpoint</c>, <c>Token</c>, <c>Protocol</c>,
    /// <c>ModelId</c>, <c>Provider</c>, ...); when set, registered pipelines generate remotely instead of loading a model.
    /// </summary>
    public RemoteOptions? Remote { get; set; }

    /// <summary>
    /// Whether local pipelines share decode steps between concurrent requests (continuous batching; unset = on).
    /// </summary>
    public bool? ContinuousBatching { get; set; }

    /// <summary>Limits of the continuous-batching scheduler (section <c>Sharpformers:Scheduler</c>: <c>MaxBatchSize</c>, <c>MaxTokensInFlight</c>, <c>MaxQueueLength</c>, <c>PrefillChunkTokens</c>, <c>RetryAfter</c>).</summary>
    public Generation.Batching.GenerationSchedulerOptions? Scheduler { get; set; }

    /// <summary>The Hub part of these options.</summary>
    /// <returns>Hub options with the values set here.</returns>
    public HubOptions ToHubOptions() => new() { CacheDir = CacheDir, Endpoint = Endpoint, Token = Token, Offline = Offline };
}
