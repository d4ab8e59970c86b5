using Sharpformers.Hub;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

public sealed class DownloadCommandTests
{
    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static FakeRepo AddRepo(FakeHub hub) => hub.AddRepo("org/tiny")
        .AddFile("config.json", "{\"model_type\":\"gpt2\"}")
        .AddFile("tokenizer.json", "{}")
        .AddFile("README.md", "# tiny")
        .AddFile("onnx/model.onnx", Bytes(400_000, 1), lfs: true);

    [Fact]
    public async Task Download_prints_the_snapshot_folder_last_and_honours_include_and_exclude()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        var repo = AddRepo(env.Hub);

        var result = await CliProcess.RunAsync(["download", "org/tiny", "--include", "*.json", "--include", "onnx/*", "--exclude", "tokenizer.json"], env.Variables());

        Assert.Equal(0, result.ExitCode);
        var folder = HubCliEnvironment.LastLine(result.Stdout);
        Assert.Equal(Path.Combine(env.CacheDir, "models--org--tiny", "snapshots", repo.Head), folder);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal);
        Assert.Equal(["config.json", Path.Combine("onnx", "model.onnx")], files);
        Assert.Equal(repo.Files["onnx/model.onnx"].Content, File.ReadAllBytes(Path.Combine(folder, "onnx", "model.onnx")));
        Assert.DoesNotContain("error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_with_local_dir_and_revision_prints_the_local_dir()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        var repo = AddRepo(env.Hub);
        var local = env.Combine("out");

        var result = await CliProcess.RunAsync(["download", "org/tiny", "--revision", repo.Head, "--local-dir", local, "--cache-dir", env.Combine("other-cache")], env.Variables());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(local, HubCliEnvironment.LastLine(result.Stdout));
        Assert.Equal("# tiny", File.ReadAllText(Path.Combine(local, "README.md")));
        Assert.Null(new FileInfo(Path.Combine(local, "onnx", "model.onnx")).LinkTarget);
    }

    [Fact]
    public async Task Download_of_a_dataset_uses_the_dataset_cache_folder()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a\n");

        var result = await CliProcess.RunAsync(["download", "org/data", "--repo-type", "dataset", "--cache-dir", env.Combine("c2")], env.Variables());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Combine(env.Combine("c2"), "datasets--org--data", "snapshots", repo.Head), HubCliEnvironment.LastLine(result.Stdout));
    }

    [Fact]
    public async Task A_missing_repository_is_one_error_line_and_exit_code_1()
    {
        await using var env = await HubCliEnvironment.StartAsync();

        var result = await CliProcess.RunAsync(["download", "org/missing"], env.Variables());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: repository 'org/missing' not found (or private: pass --token)", result.Stderr.Trim());
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task A_private_repository_downloads_with_token_and_the_token_is_never_printed()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        AddRepo(env.Hub).IsPrivate = true;
        env.Hub.ValidTokens.Add("hf_cli_secret");

        var result = await CliProcess.RunAsync(["download", "org/tiny", "--token", "hf_cli_secret", "--include", "*.json"], env.Variables());

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("hf_cli_secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.All(env.Hub.Requests.Where(r => r.IsCdn), r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task An_invalid_repo_type_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(["download", "org/tiny", "--repo-type", "kernel"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_download_answers_from_the_cache_with_zero_requests()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        AddRepo(env.Hub);
        var online = await CliProcess.RunAsync(["download", "org/tiny"], env.Variables());
        env.Hub.ClearRequests();

        var offline = await CliProcess.RunAsync(["download", "org/tiny"], env.Variables(offline: true));
        var missing = await CliProcess.RunAsync(["download", "org/other"], env.Variables(offline: true));

        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(HubCliEnvironment.LastLine(online.Stdout), HubCliEnvironment.LastLine(offline.Stdout));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("HF_HUB_OFFLINE", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(env.Hub.Requests);
    }

    [Fact]
    public async Task Two_processes_and_eight_tasks_downloading_one_repo_leave_one_correct_blob_per_file()
    {
        await using var env = await HubCliEnvironment.StartAsync();
        var repo = env.Hub.AddRepo("org/shared")
            .AddFile("config.json", "{\"a\":1}")
            .AddFile("model.onnx", Bytes(3_000_000, 2), lfs: true)
            .AddFile("onnx/decoder.onnx", Bytes(2_000_000, 3), lfs: true);
        // Slow enough that the in-process downloads are still running when the two tool processes start.
        env.Hub.Faults.ChunkDelay = TimeSpan.FromMilliseconds(40);

        var processes = Enumerable.Range(0, 2).Select(_ => CliProcess.RunAsync(["download", "org/shared"], env.Variables())).ToList();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var client = new HubClient(new HubOptions { Endpoint = env.Hub.Endpoint, CacheDir = env.CacheDir, Token = string.Empty });
            return await client.SnapshotDownloadAsync("org/shared", cancellationToken: TestContext.Current.CancellationToken);
        })).ToList();

        var results = await Task.WhenAll(processes);
        var folders = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Single(folders.Concat(results.Select(r => HubCliEnvironment.LastLine(r.Stdout))).Distinct());
        var blobs = Directory.GetFiles(Path.Combine(env.CacheDir, "models--org--shared", "blobs"));
        Assert.Equal(repo.Files.Values.Select(f => f.Etag).Order(StringComparer.Ordinal), blobs.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in repo.Files.Values)
        {
            Assert.Equal(file.Content, File.ReadAllBytes(Path.Combine(folders[0], file.Path)));
        }

        Assert.Equal(repo.Files.Values.Sum(f => (long)f.Content.Length), env.Hub.FileBytesServed);
    }
}
