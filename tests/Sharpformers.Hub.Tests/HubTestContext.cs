using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests;

/// <summary>A running <see cref="FakeHub"/>, a temporary cache and clients wired to both with fast retries.</summary>
internal sealed class HubTestContext : IAsyncDisposable
{
    private readonly TemporaryDirectory _temp = new();

    private HubTestContext(FakeHub hub) => Hub = hub;

    public FakeHub Hub { get; }

    public string CacheDir => _temp.Combine("hub");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    public CapturingLogger Logs { get; } = new();

    public static async Task<HubTestContext> StartAsync() => new(await FakeHub.StartAsync());

    /// <summary>A client on the fake hub; <paramref name="environment"/> plays the process environment.</summary>
    public HubClient Client(HubOptions? options = null, IReadOnlyDictionary<string, string>? environment = null, int retries = 2)
    {
        options ??= new HubOptions();
        options.Endpoint ??= Hub.Endpoint;
        options.CacheDir ??= CacheDir;
        options.HfHome ??= _temp.Combine("home");
        var settings = options.Resolve(name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);
        var retry = new HubRetryOptions { MaxRetries = retries, BaseDelay = TimeSpan.FromMilliseconds(20) };
        var http = new HttpClient(HubHttpPipeline.CreateHandler(retry)) { Timeout = Timeout.InfiniteTimeSpan };
        return new HubClient(http, settings, retry, Logs, ownsHttpClient: true);
    }

    public string RepoFolder(string folderName) => Path.Combine(CacheDir, folderName);

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>Keeps every log line, to check that the token never appears.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
}

/// <summary>An <see cref="IProgress{T}"/> that records synchronously.</summary>
internal sealed class RecordingProgress : IProgress<DownloadProgress>
{
    public ConcurrentQueue<DownloadProgress> Reports { get; } = new();

    public void Report(DownloadProgress value) => Reports.Enqueue(value);
}
