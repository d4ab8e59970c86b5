using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>Turns <see cref="ModelOptions"/> into ONNX Runtime session options.</summary>
internal static class SessionOptionsFactory
{
    /// <summary>Creates the options; <paramref name="owned"/> tells whether the caller must dispose them.</summary>
    public static SessionOptions Create(ModelOptions options, out bool owned)
    {
        OnnxRuntimeLogging.EnsureRouted();
        owned = options.SessionOptions is null;
        var session = options.SessionOptions ?? new SessionOptions();
        try
        {
            if (options.IntraOpNumThreads is int intra)
            {
                session.IntraOpNumThreads = intra;
            }

            if (options.InterOpNumThreads is int inter)
            {
                session.InterOpNumThreads = inter;
            }

            if (options.GraphOptimizationLevel is GraphOptimizationLevel level)
            {
                session.GraphOptimizationLevel = level;
            }

            AppendProvider(session, options);
            options.ConfigureSessionOptions?.Invoke(session);
            return session;
        }
        catch
        {
            if (owned)
            {
                session.Dispose();
            }

            throw;
        }
    }

    private static void AppendProvider(SessionOptions session, ModelOptions options)
    {
        (string? providerName, Action<SessionOptions, int>? append) = options.ExecutionProvider switch
        {
            ExecutionProvider.Cpu => ((string?)null, (Action<SessionOptions, int>?)null),
            ExecutionProvider.Cuda => ("CUDAExecutionProvider", static (s, id) => s.AppendExecutionProvider_CUDA(id)),
            ExecutionProvider.DirectML => ("DmlExecutionProvider", static (s, id) => s.AppendExecutionProvider_DML(id)),
            ExecutionProvider.CoreML => ("CoreMLExecutionProvider", static (s, _) => s.AppendExecutionProvider_CoreML()),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.ExecutionProvider, "Unknown execution provider."),
        };
        if (providerName is null || append is null)
        {
            return;
        }

        var available = OnnxRuntimeInfo.AvailableProviders;
        if (!available.Contains(providerName))
        {
            throw new NotSupportedException(
                $"ModelOptions.ExecutionProvider is {options.ExecutionProvider}, but the loaded ONNX Runtime has no {providerName} " +
                $"(available: {string.Join(", ", available)}). Reference the matching ONNX Runtime package.");
        }

        append(session, options.DeviceId);
    }
}
