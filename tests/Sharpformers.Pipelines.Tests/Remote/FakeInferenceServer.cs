using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>One request the fake received: path, Authorization header and JSON body.</summary>
internal sealed record FakeInferenceRequest(string Path, string? Authorization, JsonElement Body);

/// <summary>
/// A loopback Kestrel server (127.0.0.1, free port) that records every request and answers with a handler, to stand in
/// for a remote inference server. <see cref="FakeProtocols"/> holds handlers speaking each protocol.
/// </summary>
internal sealed class FakeInferenceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeInferenceRequest> _requests = new();
    private readonly Func<HttpContext, FakeInferenceRequest, int, Task> _handler;

    private FakeInferenceServer(WebApplication app, Func<HttpContext, FakeInferenceRequest, int, Task> handler)
    {
        _app = app;
        _handler = handler;
    }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<FakeInferenceRequest> Requests => [.. _requests];

    /// <summary>Starts a server whose handler gets the context, the recorded request and its 0-based arrival number.</summary>
    public static async Task<FakeInferenceServer> StartAsync(Func<HttpContext, FakeInferenceRequest, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeInferenceServer(app, handler);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = $"http://127.0.0.1:{new Uri(address).Port}";
        return server;
    }

    /// <summary>Starts a server that answers every request with one protocol handler.</summary>
    public static Task<FakeInferenceServer> StartAsync(Func<HttpContext, FakeInferenceRequest, Task> handler) =>
        StartAsync((context, request, _) => handler(context, request));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a JSON answer.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes server-sent events, one <paramref name="prefix"/> line per payload, flushing after each.</summary>
    public static async Task WriteEventsAsync(HttpContext context, IEnumerable<string> payloads, string prefix = "data: ")
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var payload in payloads)
        {
            await context.Response.WriteAsync($"{prefix}{payload}\n\n", context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonElement body;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var request = new FakeInferenceRequest(context.Request.Path.Value ?? "/", context.Request.Headers.Authorization.FirstOrDefault(), body);
        int number;
        lock (_requests)
        {
            number = _requests.Count;
            _requests.Enqueue(request);
        }

        await _handler(context, request, number).ConfigureAwait(false);
    }
}
