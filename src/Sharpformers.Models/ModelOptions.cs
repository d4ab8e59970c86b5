using Microsoft.ML.OnnxRuntime;
using Sharpformers.Hub;

namespace Sharpformers.Models;

/// <summary>How <see cref="AutoModelForCausalLM"/> picks the ONNX file and configures ONNX Runtime.</summary>
public sealed class ModelOptions
{
    /// <summary>
    /// The weight variant, as transformers.js' <c>dtype</c>: <c>fp32</c>, <c>fp16</c>, <c>q8</c> (or <c>quantized</c>),
    /// <c>int8</c>, <c>uint8</c>, <c>q4</c>, <c>q4f16</c>, <c>bnb4</c>. <see langword="null"/> takes <c>transformers.js_config.dtype</c>
    /// from config.json when present, else the folder's default file (<c>genai_config.json</c>'s, else the fp32 one).
    /// </summary>
    public string? Dtype { get; set; }

    /// <summary>Hub endpoint, token, cache and offline settings used when the model is a repo id; <see langword="null"/> reads the <c>HF_*</c> environment.</summary>
    public HubOptions? Hub { get; set; }

    /// <summary>The Hub revision (branch, tag or commit) to load when the model is a repo id; default <c>main</c>.</summary>
    public string? Revision { get; set; }

    /// <summary>Receives download progress when the model is fetched from the Hub.</summary>
    public IProgress<DownloadProgress>? Progress { get; set; }

    /// <summary>The execution provider; <see cref="ExecutionProvider.Cpu"/> by default. Others are appended before the CPU fallback and must be available (see <see cref="OnnxRuntimeInfo.AvailableProviders"/>).</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>The device index for CUDA and DirectML.</summary>
    public int DeviceId { get; set; }

    /// <summary>Threads used inside one operator; <see langword="null"/> leaves ONNX Runtime's default.</summary>
    public int? IntraOpNumThreads { get; set; }

    /// <summary>Threads used across operators; <see langword="null"/> leaves ONNX Runtime's default.</summary>
    public int? InterOpNumThreads { get; set; }

    /// <summary>The graph optimisation level; <see langword="null"/> leaves ONNX Runtime's default (all).</summary>
    public GraphOptimizationLevel? GraphOptimizationLevel { get; set; }

    /// <summary>
    /// Session options to start from instead of fresh ones. They are used for every session the model opens and are not disposed
    /// by the model; the settings above are applied to them.
    /// </summary>
    public SessionOptions? SessionOptions { get; set; }

    /// <summary>A last chance to adjust the session options of each ONNX file, after the settings above.</summary>
    public Action<SessionOptions>? ConfigureSessionOptions { get; set; }

    /// <summary>Returns a shallow copy that can be changed without touching these options.</summary>
    /// <returns>The copy.</returns>
    public ModelOptions Clone() => (ModelOptions)MemberwiseClone();
}
