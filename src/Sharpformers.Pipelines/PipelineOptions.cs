using Microsoft.Extensions.Logging;
using Sharpformers.Generation.Batching;
using Sharpformers.Hub;
using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>How a pipeline finds and loads its model.</summary>
public sealed class PipelineOptions
{
    /// <summary>Hub endpoint, token, cache folder and offline mode; unset values come from the environment (<c>HF_*</c>).</summary>
    public HubOptions Hub { get; set; } = new();

    /// <summary>The Hub revision (branch, tag or commit) to use when the model is a repo id (default <c>main</c>).</summary>
    public string? Revision { get; set; }

    /// <summary>ONNX variant, execution provider and session settings.</summary>
    public ModelOptions Model { get; set; } = new();

    /// <summary>
    /// Generate on a remote server (HF router, Inference Endpoint, TGI, vLLM) instead of a local model; the model name
    /// is then the remote model's name and nothing is downloaded or loaded. <see langword="null"/> (the default) runs locally.
    /// </summary>
    public RemoteOptions? Remote { get; set; }

    /// <summary>
    /// Whether concurrent requests of a local model share each decode step through a <see cref="GenerationScheduler"/>
    /// (continuous batching; default <see langword="true"/>). <see langword="false"/> runs each request in its own loop.
    /// </summary>
    public bool ContinuousBatching { get; set; } = true;

    /// <summary>Limits of the continuous-batching scheduler (batch size, tokens in flight, queue length).</summary>
    public GenerationSchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Receives download progress while the model is fetched.</summary>
    public IProgress<DownloadProgress>? Progress { get; set; }

    /// <summary>
    /// Where the pipeline's components log (today the continuous-batching scheduler: whether chunked prefill is on for
    /// the model and why not). <see langword="null"/> (the default) logs nothing; the DI registrations use the container's
    /// <see cref="ILoggerFactory"/> when one is registered.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
