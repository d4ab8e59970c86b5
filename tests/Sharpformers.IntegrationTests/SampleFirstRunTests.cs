using System.Diagnostics;
using Sharpformers.TestSupport;

namespace Sharpformers.IntegrationTests;

/// <summary>
/// Issue 16: the README's sample on a first run without network (an <c>HF_ENDPOINT</c> that does not resolve, an empty
/// cache) prints one line saying what failed and what to do, exits 1, within 10 s, without a stack trace.
/// </summary>
public sealed class SampleFirstRunTests
{
    [Fact]
    public async Task The_text_generation_sample_fails_with_one_line_and_exit_code_1_within_10_s()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var sample = Path.Combine(RepositoryRoot.Path, "samples", "TextGeneration", "bin", configuration, "net10.0", "TextGeneration.dll");
        Assert.True(File.Exists(sample), $"the sample is built with this project ({sample})");
        var cache = Directory.CreateTempSubdirectory("sf-sample-cache-");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(sample);
            info.Environment["HF_ENDPOINT"] = "http://huggingface.invalid";
            info.Environment["HF_HUB_CACHE"] = cache.FullName;
            info.Environment["HF_HOME"] = cache.FullName;
            info.Environment.Remove("HF_HUB_OFFLINE");
            info.Environment.Remove("HF_TOKEN");
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            watch.Stop();

            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single(lines);
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.Contains("huggingface.invalid", line, StringComparison.Ordinal);
            Assert.Contains("HF_HUB_OFFLINE", line, StringComparison.Ordinal);
            Assert.Contains("HF_ENDPOINT", line, StringComparison.Ordinal);
            Assert.Equal(string.Empty, (await stdout).Trim());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }
}
