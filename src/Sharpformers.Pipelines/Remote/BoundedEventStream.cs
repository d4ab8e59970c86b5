namespace Sharpformers.Pipelines;

/// <summary>
/// A read-only view of a <c>text/event-stream</c> body that fails once a line or an event (the lines up to a blank one)
/// grows past a byte limit, so a server that never ends a line cannot make the reader buffer without bound.
/// </summary>
internal sealed class BoundedEventStream(Stream inner, int maxEventBytes, Uri uri) : Stream
{
    private long _eventBytes;
    private bool _lineEmpty = true;
    private bool _afterCarriageReturn;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Count(buffer[..inner.Read(buffer)]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Follows line ends (LF, CR, CRLF) and blank lines through <paramref name="bytes"/>; throws past the limit.</summary>
    private int Count(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (b == '\n' && _afterCarriageReturn)
                {
                    _afterCarriageReturn = false;
                    continue;
                }

                _afterCarriageReturn = b == '\r';
                if (_lineEmpty)
                {
                    _eventBytes = 0;
                }

                _lineEmpty = true;
                continue;
            }

            _afterCarriageReturn = false;
            _lineEmpty = false;
            if (++_eventBytes > maxEventBytes)
            {
                throw new RemoteGenerationException(
                    $"{uri} sent a server-sent event longer than {maxEventBytes} bytes (a line that never ends?); RemoteOptions.MaxEventBytes is the limit");
            }
        }

        return bytes.Length;
    }
}
