namespace Sharpformers.Models;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU (always available).</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs the application to reference <c>Microsoft.ML.OnnxRuntime.Gpu</c>.</summary>
    Cuda,

    /// <summary>DirectML on Windows; needs <c>Microsoft.ML.OnnxRuntime.DirectML</c>.</summary>
    DirectML,

    /// <summary>Core ML on Apple platforms (in the macOS/iOS builds of ONNX Runtime).</summary>
    CoreML,
}
