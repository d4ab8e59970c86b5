using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>Facts about the ONNX Runtime that Sharpformers runs on.</summary>
public static class OnnxRuntimeInfo
{
    /// <summary>The native ONNX Runtime version string, for example <c>1.31.1</c>.</summary>
    public static string Version => Environment().GetVersionString();

    /// <summary>The execution providers compiled into the loaded ONNX Runtime (CPU always; CUDA, DirectML, CoreML when their package is referenced).</summary>
    public static IReadOnlyList<string> AvailableProviders => Environment().GetAvailableProviders();

    private static OrtEnv Environment()
    {
        OnnxRuntimeLogging.EnsureRouted();
        return OrtEnv.Instance();
    }
}
