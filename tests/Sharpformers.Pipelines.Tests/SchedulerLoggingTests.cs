using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpformers.Generation;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Models;

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

        // Chunking is probed when a prompt wider than the chunk joins running rows. The newcomer is submitted from the running
        // row's second step (on the scheduler's loop thread), so it joins while that row still has tokens to go whatever the
        // machine's load: a newcomer sent from the test's thread could arrive after the running row had finished.
        var scheduler = pipeline.Scheduler;
        var keepGoing = new GenerationConfig { MaxNewTokens = 8, MinNewTokens = 8, EosTokenId = [] };
        var calls = 0;
        Task<GenerationResult>? joining = null;
        var running = new GenerationOptions
        {
            LogitsProcessors = [new OnStep(() =>
            {
                if (++calls == 2)
                {
                    joining = scheduler.GenerateAsync([1, 450, 4996, 17354, 1701, 29916, 432, 17204, 975, 278, 17366], new GenerationConfig { MaxNewTokens = 2 }, cancellationToken: ct);
                }
            })],
        };
        var result = await scheduler.GenerateAsync([1, 15043, 727], keepGoing, running, ct);
        Assert.Equal(3 + 8, result.Sequences[0].Length);
        Assert.NotNull(joining);
        await joining;

        // The genai-built llama fixture cannot take several tokens over a past, so the probe turns chunking off and says why.
        var entry = Assert.Single(provider.Entries, e => e.Category == typeof(GenerationScheduler).FullName && e.Message.Contains("Chunked prefill", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("is off for 'tiny-random-llama-fp16'", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>Leaves the scores as they are and reports each call (one per token its request chooses).</summary>
    private sealed class OnStep(Action onStep) : ILogitsProcessor
    {
        public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => onStep();
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
