using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sharpformers.Cli.Serving.Errors;

/// <summary>
/// Kestrel answers a request it cannot parse (a malformed request line or header, headers or a URL over its limits, a
/// bad <c>Content-Length</c>, a timeout) by itself, before any middleware runs, with an empty body and
/// <c>Connection: close</c>; those answers cannot be customised through ASP.NET Core. This connection filter finds such
/// an answer in the bytes going out (an error status line, <c>Content-Length: 0</c> and <c>Connection: close</c>, and
/// nothing after the headers: a shape no route of <c>serve</c> produces, since each of its errors has a body) and gives
/// it an OpenAI-shaped JSON body, so that no answer of the server is ever empty.
/// </summary>
internal static class ProtocolErrorBodies
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();

    /// <summary>Adds the filter to every endpoint Kestrel listens on.</summary>
    public static void UseProtocolErrorBodies(this KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new FilteredPipe(connection.Transport);
            return next(connection);
        }));

    /// <summary>The answer with a JSON body when <paramref name="written"/> is an empty-bodied protocol error; null otherwise.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (written.Length < 16 || !written.StartsWith("HTTP/1.1 "u8) || written.IndexOf(HeaderEnd) != written.Length - HeaderEnd.Length
            || written.IndexOf(EmptyLength) < 0 || written.IndexOf(Close) < 0
            || !int.TryParse(written.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
        {
            return null;
        }

        var (message, code) = Describe(status);
        var body = Encoding.UTF8.GetBytes(new OpenAiError(status, message, "invalid_request_error", null, code).ToJson().ToJsonString());
        var at = written.IndexOf(EmptyLength);
        var headers = "\r\nContent-Type: application/json\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n";
        return [.. written[..at], .. Encoding.ASCII.GetBytes(headers), .. written[(at + EmptyLength.Length)..], .. body];
    }

    private static (string Message, string Code) Describe(int status) => status switch
    {
        400 => ("the request is not valid HTTP (a malformed request line, header, Host or body framing)", "malformed_request"),
        408 => ("the request headers or body did not arrive in time", "request_timeout"),
        411 => ("the request body needs a Content-Length or chunked Transfer-Encoding", "length_required"),
        413 => ("the request body is larger than the server accepts (serve --max-request-bytes)", "request_too_large"),
        414 => ("the request URL is longer than the server accepts", "uri_too_long"),
        431 => ("the request headers are larger than the server accepts", "headers_too_large"),
        505 => ("this HTTP version is not supported; use HTTP/1.1", "http_version_not_supported"),
        _ => ($"the request was refused with status {status}", "bad_request"),
    };

    private sealed class FilteredPipe(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new FilteredWriter(inner.Output);
    }

    /// <summary>Holds what is written until each flush, then passes it on, rewritten when it is an empty-bodied protocol error.</summary>
    private sealed class FilteredWriter(PipeWriter inner) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _pending = new(4096);

        public override void Advance(int bytes) => _pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            PassOn();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            PassOn();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            PassOn();
            await inner.CompleteAsync(exception).ConfigureAwait(false);
        }

        private void PassOn()
        {
            if (_pending.WrittenCount == 0)
            {
                return;
            }

            inner.Write(Rewrite(_pending.WrittenSpan) ?? _pending.WrittenSpan);
            _pending.ResetWrittenCount();
        }
    }
}
