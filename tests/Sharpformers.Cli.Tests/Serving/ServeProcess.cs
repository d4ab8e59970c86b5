using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary><c>sharpformers serve MODEL</c> as a process on a free loopback port, stopped on dispose.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServeProcess> StartAsync(string model)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sharpformers.dll"), "serve", model, "--urls", $"http://127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServeProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        server._process.ErrorDataReceived += (_, e) => { lock (server._stderr) { server._stderr.AppendLine(e.Data); } };
        server._process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = server.Address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !server._process.HasExited)
        {
            try
            {
                using var ping = await http.GetAsync("/v1/models");
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
        throw new InvalidOperationException($"the server did not start: {server._stderr}");
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
