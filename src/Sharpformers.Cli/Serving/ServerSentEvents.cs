using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sharpformers.Cli.Serving;

/// <summary>Writes a <c>text/event-stream</c> response: one <c>data:</c> line per JSON chunk, ending with <c>data: [DONE]</c>.</summary>
internal sealed class ServerSentEvents
{
    private readonly HttpResponse _response;

    private ServerSentEvents(HttpResponse response) => _response = response;

    public static ServerSentEvents Start(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        return new ServerSentEvents(context.Response);
    }

    public async Task SendAsync(JsonNode chunk, CancellationToken cancellationToken)
    {
        await _response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancellationToken).ConfigureAwait(false);
        await _response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DoneAsync(CancellationToken cancellationToken)
    {
        await _response.WriteAsync("data: [DONE]\n\n", cancellationToken).ConfigureAwait(false);
        await _response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
