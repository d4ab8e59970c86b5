using Microsoft.Extensions.Logging;
using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests;

/// <summary>
/// Issue 16: ONNX Runtime's native log goes through our logging (warnings and errors to the configured
/// <see cref="ILogger"/>), never raw to the terminal.
/// </summary>
public sealed class OnnxRuntimeLoggingTests
{
    [Fact]
    public void Native_warnings_reach_the_configured_logger()
    {
        var logger = new RecordingLogger<OnnxRuntimeLoggingTests>();
        OnnxRuntimeLogging.Logger = logger;
        try
        {
            // A session with an execution-provider fallback warning would be environment-specific; instead run a graph with
            // an input ONNX Runtime warns about: ids outside a Gather's range make it log an error before it throws.
            using var model = AutoModelForCausalLM.FromPretrained(Fixtures.Require("models", "tiny-random-llama-fp16"));
            using var cache = model.CreateCache(1);
            Assert.ThrowsAny<Exception>(() => model.Forward(cache, [40000], [1], [0], TestContext.Current.CancellationToken).ToArray());
        }
        finally
        {
            OnnxRuntimeLogging.Logger = null;
        }

        Assert.Contains(logger.Entries, e => e.Level >= LogLevel.Warning && e.Message.StartsWith("onnxruntime ", StringComparison.Ordinal));
    }
}
