namespace Sharpformers.Pipelines;

/// <summary>
/// One remote call: the caller's cancellation linked with <see cref="RemoteOptions.Timeout"/>, and the translation of
/// transport failures into clear exceptions (a timeout is a <see cref="TimeoutException"/>, a dropped connection a
/// <see cref="RemoteGenerationException"/>; the caller's own cancellation stays an <see cref="OperationCanceledException"/>).
/// </summary>
internal sealed class RemoteRequestScope : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _timeout;

    public RemoteRequestScope(Uri uri, TimeSpan timeout, CancellationToken caller)
    {
        Uri = uri;
        _caller = caller;
        _timeout = timeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            _source.CancelAfter(timeout);
        }
    }

    public Uri Uri { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether <paramref name="exception"/> is a network failure or this scope's timeout (not the caller's cancellation).</summary>
    public bool IsTransportFailure(Exception exception) => exception switch
    {
        OperationCanceledException => !_caller.IsCancellationRequested,
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>The exception to throw for a transport failure.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="during">What was being done, e.g. <c>reading the stream</c>.</param>
    public Exception Wrap(Exception exception, string during) => exception is OperationCanceledException
        ? new TimeoutException($"{Uri} did not finish within {_timeout.TotalSeconds:0.###} s (RemoteOptions.Timeout) while {during}", exception)
        : new RemoteGenerationException($"the connection to {Uri} failed while {during}: {exception.Message}", exception);

    public void Dispose() => _source.Dispose();
}
