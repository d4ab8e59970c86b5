using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests.Download;

public sealed class ResumeAndFaultTests
{
    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static IReadOnlyList<FakeHubRequest> ContentGets(FakeHub hub, FakeFile file) =>
        [.. hub.Requests.Where(r => r.Method == "GET" && r.Target.StartsWith($"/cdn/{file.Sha256}", StringComparison.Ordinal))];

    [Fact]
    public async Task A_dropped_connection_is_resumed_with_range_and_only_the_rest_is_transferred()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/big").AddFile("model.onnx", Bytes(3_000_000, 7), lfs: true);
        var file = repo.Files["model.onnx"];
        context.Hub.Faults.DropConnection("model.onnx", afterBytes: 1_000_000);
        using var client = context.Client();

        var path = await client.DownloadFileAsync("org/big", "model.onnx", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var gets = ContentGets(context.Hub, file);
        Assert.Equal(2, gets.Count);
        Assert.Null(gets[0].Range);
        Assert.Equal(1_000_000, gets[0].BytesServed);
        Assert.StartsWith("bytes=", gets[1].Range, StringComparison.Ordinal);
        var resumedFrom = long.Parse(gets[1].Range!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedFrom, 1, 1_000_000);
        Assert.Equal(file.Content.Length - resumedFrom, gets[1].BytesServed);
        Assert.False(File.Exists(path + ".incomplete"));
        Assert.Empty(Directory.GetFiles(context.RepoFolder("models--org--big") + "/blobs", "*.incomplete"));
    }

    [Fact]
    public async Task A_partial_file_left_by_an_earlier_call_is_resumed()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/big").AddFile("model.onnx", Bytes(2_000_000, 8), lfs: true);
        var file = repo.Files["model.onnx"];
        var blobs = Path.Combine(context.RepoFolder("models--org--big"), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, file.Sha256 + ".incomplete"), file.Content.AsSpan(0, 1_234_567).ToArray(), TestContext.Current.CancellationToken);
        using var client = context.Client();

        var path = await client.DownloadFileAsync("org/big", "model.onnx", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(file.Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var get = Assert.Single(ContentGets(context.Hub, file));
        Assert.Equal("bytes=1234567-", get.Range);
        Assert.Equal(file.Content.Length - 1_234_567, get.BytesServed);
    }

    [Fact]
    public async Task A_stalled_body_times_out_and_resumes()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/big").AddFile("model.onnx", Bytes(1_000_000, 9), lfs: true);
        context.Hub.Faults.Stall("model.onnx", afterBytes: 400_000, TimeSpan.FromSeconds(20));
        using var client = context.Client(new HubOptions { DownloadTimeout = TimeSpan.FromMilliseconds(300) });

        var path = await client.DownloadFileAsync("org/big", "model.onnx", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(repo.Files["model.onnx"].Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var gets = ContentGets(context.Hub, repo.Files["model.onnx"]);
        Assert.Equal(2, gets.Count);
        Assert.NotNull(gets[1].Range);
    }

    [Fact]
    public async Task Slow_bodies_still_complete()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/slow").AddFile("weights.bin", Bytes(400_000, 10), lfs: true);
        context.Hub.Faults.ChunkDelay = TimeSpan.FromMilliseconds(20);
        using var client = context.Client();

        var path = await client.DownloadFileAsync("org/slow", "weights.bin", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(repo.Files["weights.bin"].Content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_burst_of_5xx_answers_is_retried()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/flaky").AddFile("config.json", "{}");
        context.Hub.Faults.FailNextRequests(2, 503);
        using var client = context.Client(retries: 3);

        var folder = await client.SnapshotDownloadAsync("org/flaky", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(folder, "config.json"), TestContext.Current.CancellationToken));
        Assert.Equal(3, context.Hub.Requests.Count(r => r.Target.StartsWith("/api/models/org/flaky/revision/main", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Persistent_5xx_answers_end_in_a_network_exception_after_the_retries()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/down").AddFile("config.json", "{}");
        context.Hub.Faults.FailNextRequests(1000, 502);
        using var client = context.Client(retries: 2);

        await Assert.ThrowsAsync<HubNetworkException>(
            () => client.SnapshotDownloadAsync("org/down", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(3, context.Hub.Requests.Count);

        var fileError = await Assert.ThrowsAsync<HubNetworkException>(
            () => client.DownloadFileAsync("org/down", "config.json", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("502", fileError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_hub_is_down_a_cached_snapshot_is_served()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/cached").AddFile("config.json", "{}");
        using var client = context.Client(retries: 1);
        var first = await client.SnapshotDownloadAsync("org/cached", cancellationToken: TestContext.Current.CancellationToken);
        context.Hub.Faults.FailNextRequests(1000, 503);

        Assert.Equal(first, await client.SnapshotDownloadAsync("org/cached", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(Path.Combine(first, "config.json"), await client.DownloadFileAsync("org/cached", "config.json", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_sha256_is_an_error_and_leaves_nothing_in_the_cache()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/corrupt").AddFile("model.onnx", Bytes(500_000, 11), lfs: true);
        context.Hub.Faults.CorruptContent("model.onnx");
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<FileIntegrityException>(
            () => client.DownloadFileAsync("org/corrupt", "model.onnx", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(repo.Files["model.onnx"].Sha256, error.Message, StringComparison.Ordinal);
        var root = context.RepoFolder("models--org--corrupt");
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "blobs")));
        Assert.False(Directory.Exists(Path.Combine(root, "snapshots")) && Directory.EnumerateFileSystemEntries(Path.Combine(root, "snapshots"), "*", SearchOption.AllDirectories).Any(e => File.Exists(e)));
    }
}
