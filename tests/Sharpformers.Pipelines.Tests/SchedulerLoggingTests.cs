using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpformers.Generation.Batching;

namespace Sharpformers.Pipelines.Tests;

/// <summary>The DI-registered pipeline hands the container's <see cref="ILoggerFactory"/> to its scheduler, so the chunked-prefill decision reaches the application's logs.</summary>
public sealed class SchedulerLoggingTests
{
    [Fact]
    public async Task The_scheduler_of_a_DI_pipeline_logs_why_chunked_prefill_is_off_through_the_container_logger()
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = new RecordingProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        services.AddSharpformers().AddTextGenerationPipeline(FixtureModels.LlamaFolder, o => o.Scheduler.PrefillChunkTokens = 2);
        using var container = services.BuildServiceProvider();

        var pipeline = container.GetRequiredService<TextGenerationPipeline>();
        Assert.NotNull(pipeline.Scheduler);

        // Chunking is probed when a prompt wider than the chunk joins running rows: start one long request, then join another.
        var running = pipeline.StreamAsync("Hello there", new TextGenerationParameters { MaxNewTokens = 1500, MinNewTokens = 1500, DoSample = false }, ct).GetAsyncEnumerator(ct);
        Assert.True(await running.MoveNextAsync());
        await pipeline.GenerateAsync("The quick brown fox jumps over the lazy dog", new TextGenerationParameters { MaxNewTokens = 2, DoSample = false }, ct);
        await running.DisposeAsync(); // cancels the long request

        // The genai-built llama fixture cannot take several tokens over a past, so the probe turns chunking off and says why.
        var entry = Assert.Single(provider.Entries, e => e.Category == typeof(GenerationScheduler).FullName && e.Message.Contains("Chunked prefill", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("is off for 'tiny-random-llama-fp16'", entry.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
