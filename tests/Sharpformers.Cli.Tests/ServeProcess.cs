using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sharpformers.Cli.Tests;

/// <summary>A <c>sharpformers serve</c> process on a free loopback port, ready once <c>/v1/models</c> answers; killed on dispose.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private ServeProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sharpformers.dll"));
        info.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        var server = new ServeProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        server.process.ErrorDataReceived += (_, e) => { lock (server.stderr) { server.stderr.AppendLine(e.Data); } };
        server.process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !server.process.HasExited)
        {
            try
            {
                using var ping = await server.Http.GetAsync("/v1/models");
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"the server did not start: {server.stderr}");
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
