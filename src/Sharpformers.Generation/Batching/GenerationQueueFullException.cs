namespace Sharpformers.Generation.Batching;

/// <summary>
/// A <see cref="GenerationScheduler"/> refused a request because its waiting queue is full (<see cref="GenerationSchedulerOptions.MaxQueueLength"/>).
/// Nothing was computed; retry after <see cref="RetryAfter"/> (a server answers 429 with <c>Retry-After</c>).
/// </summary>
public sealed class GenerationQueueFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="queueLength">The number of requests waiting.</param>
    /// <param name="retryAfter">The suggested wait.</param>
    public GenerationQueueFullException(int queueLength, TimeSpan retryAfter)
        : base($"the generation queue is full ({queueLength} requests waiting); retry after {retryAfter.TotalSeconds:0.###} s")
    {
        QueueLength = queueLength;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message.</summary>
    public GenerationQueueFullException()
        : this(0, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public GenerationQueueFullException(string message)
        : base(message)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GenerationQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <summary>The number of requests that were waiting.</summary>
    public int QueueLength { get; }

    /// <summary>The suggested wait before retrying.</summary>
    public TimeSpan RetryAfter { get; }
}
