using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers serve</c> started as a process on a free loopback port; killed on dispose.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process, HttpClient http)
    {
        _process = process;
        Http = http;
    }

    public HttpClient Http { get; }

    public Uri Address => Http.BaseAddress!;

    public int ProcessId => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(string model, params string[] extraArguments)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        string[] arguments = [Path.Combine(AppContext.BaseDirectory, "sharpformers.dll"), "serve", model, "--urls", $"http://127.0.0.1:{port}", .. extraArguments];
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(1) };
        var server = new ServeProcess(process, http);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
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
        throw new InvalidOperationException($"the server did not start: {server.Stderr}");
    }

    /// <summary>The server's resident memory in bytes (Linux /proc), or 0 where unavailable.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.HasExited ? 0 : _process.WorkingSet64;
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
