using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>Turns the application-wide <see cref="SharpformersOptions"/> into the options of one pipeline.</summary>
internal static class PipelineOptionsFactory
{
    public static PipelineOptions From(SharpformersOptions options) => new()
    {
        Hub = options.ToHubOptions(),
        Model = new ModelOptions { Dtype = string.IsNullOrWhiteSpace(options.DefaultDtype) ? null : options.DefaultDtype, ExecutionProvider = ParseProvider(options.DefaultProvider) },
        Remote = options.Remote?.Clone(),
        ContinuousBatching = options.ContinuousBatching ?? true,
        Scheduler = options.Scheduler?.Clone() ?? new Generation.Batching.GenerationSchedulerOptions(),
    };

    /// <summary>Reads a provider name as written in configuration (<c>cpu</c>, <c>cuda</c>, <c>directml</c>/<c>dml</c>, <c>coreml</c>).</summary>
    public static ExecutionProvider ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "cpu" => ExecutionProvider.Cpu,
        "cuda" => ExecutionProvider.Cuda,
        "directml" or "dml" => ExecutionProvider.DirectML,
        "coreml" => ExecutionProvider.CoreML,
        _ => throw new ArgumentException(
            $"Sharpformers:DefaultProvider '{name}' is not a known execution provider; expected cpu, cuda, directml or coreml", nameof(name)),
    };
}
