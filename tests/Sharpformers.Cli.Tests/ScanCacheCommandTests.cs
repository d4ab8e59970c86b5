using System.Text.Json;

namespace Sharpformers.Cli.Tests;

public sealed class ScanCacheCommandTests
{
    [Fact]
    public async Task Scan_cache_lists_repos_as_a_table_and_as_json_lines()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("org/tiny").AddFile("config.json", "{\"a\":1}").AddFile("model.onnx", new byte[2500], lfs: true);
        env.Hub.AddRepo("org/data", "dataset").AddFile("train.csv", "x\n");
        Assert.Equal(0, (await CliProcess.RunAsync(["download", "org/tiny"], env.Variables())).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(["download", "org/data", "--repo-type", "dataset"], env.Variables())).ExitCode);

        var table = await CliProcess.RunAsync(["scan-cache", "--cache-dir", env.CacheDir], env.Variables());
        var json = await CliProcess.RunAsync(["scan-cache", "--json"], env.Variables());

        Assert.Equal(0, table.ExitCode);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("REPO ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("org/tiny", StringComparison.Ordinal) && l.Contains(" model ", StringComparison.Ordinal) && l.Contains("2.5K", StringComparison.Ordinal) && l.Contains("main", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("org/data", StringComparison.Ordinal) && l.Contains(" dataset ", StringComparison.Ordinal));
        Assert.Equal("Done. Scanned 2 repo(s) for a total of 2.5K.", lines[^1]);

        Assert.Equal(0, json.ExitCode);
        var objects = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, objects.Count);
        var tiny = objects[0];
        Assert.Equal("org/tiny", tiny.GetProperty("repo_id").GetString());
        Assert.Equal("model", tiny.GetProperty("repo_type").GetString());
        Assert.Equal(2507, tiny.GetProperty("size_on_disk").GetInt64());
        Assert.Equal(2, tiny.GetProperty("nb_files").GetInt32());
        var revision = tiny.GetProperty("revisions")[0];
        Assert.Equal(repo.Head, revision.GetProperty("commit_hash").GetString());
        Assert.Equal("main", revision.GetProperty("refs")[0].GetString());
        Assert.Equal("dataset", objects[1].GetProperty("repo_type").GetString());
    }

    [Theory]
    [InlineData(0, "0.0")]
    [InlineData(999, "999.0")]
    [InlineData(1000, "1.0K")]
    [InlineData(2_500_000, "2.5M")]
    [InlineData(1_234_567_890, "1.2G")]
    public void Sizes_are_formatted_like_huggingface_hub(long bytes, string expected) =>
        Assert.Equal(expected, Commands.ScanCacheCommand.FormatSize(bytes));
}
