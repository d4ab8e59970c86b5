using System.Diagnostics;
using System.Globalization;
using Sharpformers.Hub;
using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Hub;

/// <summary>
/// Measured harness (not BenchmarkDotNet: time to first byte is an event inside a call, not a call duration):
/// a snapshot download of a repo with one 200 MB LFS file and 50 small files from the loopback <see cref="FakeHub"/>,
/// by <see cref="HubClient.SnapshotDownloadAsync"/> and by <c>curl</c> fetching the same 51 resolve URLs (redirects
/// followed, 8 in parallel like the client) in the same run, alternating, each into an empty folder.
/// Run: <c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks -- hub [rounds]</c>.
/// </summary>
public static class HubDownloadHarness
{
    private const int BigFileSize = 200 * 1000 * 1000;
    private const int SmallFiles = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("bench/repo");
        var big = new byte[BigFileSize];
        new Random(42).NextBytes(big);
        repo.AddFile("model.onnx", big, lfs: true);
        for (var i = 0; i < SmallFiles; i++)
        {
            var small = new byte[1000 + (i * 397 % 19000)];
            new Random(i).NextBytes(small);
            repo.AddFile($"files/small_{i:00}.bin", small);
        }

        var totalBytes = repo.Files.Values.Sum(f => (long)f.Content.Length);
        using var temp = new TemporaryDirectory();
        var ours = new List<(double Seconds, double FirstByteMs)>();
        var curls = new List<(double Seconds, double FirstByteMs)>();
        for (var round = 0; round < rounds; round++)
        {
            curls.Add(await RunCurlAsync(hub, repo, temp.Combine($"curl-{round}")));
            ours.Add(await RunSharpformersAsync(hub, temp.Combine($"cache-{round}")));
            Directory.Delete(temp.Combine($"curl-{round}"), recursive: true);
            Directory.Delete(temp.Combine($"cache-{round}"), recursive: true);
        }

        Console.WriteLine($"Snapshot of {repo.Files.Count} files, {totalBytes / 1e6:0.0} MB, loopback FakeHub, {rounds} rounds (median):");
        Console.WriteLine("| client | wall time (s) | throughput (MB/s) | time to first byte of model.onnx (ms) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Print("Sharpformers HubClient.SnapshotDownloadAsync", ours, totalBytes);
        Print("curl 8-parallel, same 51 URLs", curls, totalBytes);
        return 0;
    }

    private static void Print(string name, List<(double Seconds, double FirstByteMs)> runs, long bytes)
    {
        var seconds = Median(runs.Select(r => r.Seconds));
        var ttfb = Median(runs.Select(r => r.FirstByteMs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {seconds:0.000} | {bytes / 1e6 / seconds:0} | {ttfb:0.0} |"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<(double, double)> RunSharpformersAsync(FakeHub hub, string cacheDir)
    {
        using var client = new HubClient(new HubOptions { Endpoint = hub.Endpoint, CacheDir = cacheDir, Token = string.Empty });
        var watch = Stopwatch.StartNew();
        var firstByte = double.NaN;
        var progress = new FirstByteProgress(() => firstByte = watch.Elapsed.TotalMilliseconds);
        await client.SnapshotDownloadAsync("bench/repo", new SnapshotOptions { MaxConcurrency = 8 }, progress);
        return (watch.Elapsed.TotalSeconds, firstByte);
    }

    private static async Task<(double, double)> RunCurlAsync(FakeHub hub, FakeRepo repo, string folder)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "curl.cfg");
        var lines = repo.Files.Keys.Select((path, i) => $"url = \"{hub.Endpoint}/bench/repo/resolve/main/{path}\"\noutput = \"{Path.Combine(folder, $"f{i}")}\"");
        await File.WriteAllLinesAsync(config, lines);
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-s", "--no-progress-meter", "-L", "--parallel", "--parallel-max", "8", "-K", config, "-w", "%{url_effective} %{time_starttransfer}\\n" })
        {
            info.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await errors;
        await process.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var bigLine = output.Split('\n').First(l => l.Contains("/cdn/", StringComparison.Ordinal));
        var ttfb = double.Parse(bigLine.Split(' ')[^1], CultureInfo.InvariantCulture) * 1000;
        return (seconds, ttfb);
    }

    private sealed class FirstByteProgress(Action onFirstByte) : IProgress<DownloadProgress>
    {
        private int _seen;

        public void Report(DownloadProgress value)
        {
            if (value.FileName == "model.onnx" && value.FileBytesDownloaded > 0 && Interlocked.Exchange(ref _seen, 1) == 0)
            {
                onFirstByte();
            }
        }
    }
}
