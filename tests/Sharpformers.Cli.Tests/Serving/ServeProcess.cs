using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary><c>sharpformers serve</c> started as its own process on a free loopback port, waited for through <c>/health</c>.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(1) };
    }

    public int Port { get; }

    public string Url { get; }

    public HttpClient Http { get; }

    public Uri Address => new(Url);

    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote to stderr so far.</summary>
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

    /// <summary>The server's resident memory in bytes (Linux <c>/proc</c>).</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public static async Task<ServeProcess> StartAsync(string model, IEnumerable<string> extraArgs, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sharpformers.dll"), "serve", model, "--urls", $"http://127.0.0.1:{port}" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var server = new ServeProcess(Process.Start(info)!, port);
        server._process.ErrorDataReceived += (_, e) =>
        {
            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }
        };
        server._process.BeginErrorReadLine();
        server._process.OutputDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !server._process.HasExited)
        {
            try
            {
                using var ping = await server.Http.GetAsync("/health");
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

        var stderr = server.Stderr;
        await server.DisposeAsync();
        throw new InvalidOperationException($"the server did not start: {stderr}");
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
