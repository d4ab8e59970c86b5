using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>
/// Where ONNX Runtime's own log goes. By default ONNX Runtime writes its warnings and errors straight to the terminal;
/// Sharpformers creates the ONNX Runtime environment with a logging callback instead, so its warnings and errors go to
/// <see cref="Logger"/> when one is set, and nowhere otherwise (a failed run still surfaces as an exception).
/// </summary>
public static class OnnxRuntimeLogging
{
    private static readonly Lock Gate = new();
    private static readonly DOrtLoggingFunction Callback = Forward;
    private static bool routed;

    /// <summary>
    /// The logger that receives ONNX Runtime's warnings and errors (category, message); <see langword="null"/> drops them.
    /// Set it before the first model is loaded to also see the messages of loading.
    /// </summary>
    public static ILogger? Logger { get; set; }

    /// <summary>
    /// Creates ONNX Runtime's environment with the callback, once per process, before any session. When the application
    /// created the environment itself first, its own logging settings stay.
    /// </summary>
    internal static void EnsureRouted()
    {
        if (Volatile.Read(ref routed))
        {
            return;
        }

        lock (Gate)
        {
            if (routed)
            {
                return;
            }

            var options = new EnvironmentCreationOptions
            {
                logId = "sharpformers",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                loggingFunction = Callback,
            };
            try
            {
                OrtEnv.CreateInstanceWithOptions(ref options);
            }
            catch (OnnxRuntimeException)
            {
                // The environment already exists (created by the application): leave it as it is.
            }

            Volatile.Write(ref routed, true);
        }
    }

    private static void Forward(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (Logger is not { } logger)
        {
            return;
        }

        var level = severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL => LogLevel.Critical,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            logger.Log(level, "onnxruntime {Category}: {Message}", category, message);
        }
    }
}
