using Microsoft.Extensions.Logging;

namespace Sharpformers.TestSupport;

/// <summary>An <see cref="ILogger"/> (of any category) that keeps every entry's level and formatted message, thread-safely.</summary>
/// <typeparam name="TCategory">The category, so it can stand where an <see cref="ILogger{TCategoryName}"/> is asked for.</typeparam>
public sealed class RecordingLogger<TCategory> : ILogger<TCategory>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>A snapshot of the entries logged so far, in order.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
