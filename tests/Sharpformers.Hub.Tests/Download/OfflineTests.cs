namespace Sharpformers.Hub.Tests.Download;

public sealed class OfflineTests
{
    [Fact]
    public async Task Offline_mode_from_the_environment_resolves_from_the_cache_with_zero_requests()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/tiny").AddFile("config.json", "{}").AddFile("model.onnx", new byte[5000], lfs: true);
        using (var online = context.Client())
        {
            await online.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);
        }

        context.Hub.ClearRequests();
        using var offline = context.Client(environment: new Dictionary<string, string> { ["HF_HUB_OFFLINE"] = "1" });
        Assert.True(offline.Settings.Offline);

        var folder = await offline.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);
        var file = await offline.DownloadFileAsync("org/tiny", "model.onnx", cancellationToken: TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<LocalEntryNotFoundException>(
            () => offline.DownloadFileAsync("org/tiny", "not-there.bin", cancellationToken: TestContext.Current.CancellationToken));
        var otherRepo = await Assert.ThrowsAsync<LocalEntryNotFoundException>(
            () => offline.SnapshotDownloadAsync("org/other", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(Path.Combine(context.RepoFolder("models--org--tiny"), "snapshots", repo.Head), folder);
        Assert.Equal(Path.Combine(folder, "model.onnx"), file);
        Assert.Contains("not in the cache", missing.Message, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE", otherRepo.Message, StringComparison.Ordinal);
        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task Local_files_only_makes_zero_requests_and_reports_an_incomplete_snapshot()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/tiny").AddFile("config.json", "{}").AddFile("tokenizer.json", "{}");
        using var client = context.Client();
        await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { AllowPatterns = ["config.json"] }, cancellationToken: TestContext.Current.CancellationToken);
        context.Hub.ClearRequests();

        await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { AllowPatterns = ["config.json"], LocalFilesOnly = true }, cancellationToken: TestContext.Current.CancellationToken);
        var incomplete = await Assert.ThrowsAsync<LocalEntryNotFoundException>(() => client.SnapshotDownloadAsync(
            "org/tiny", new SnapshotOptions { LocalFilesOnly = true }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("tokenizer.json", incomplete.Message, StringComparison.Ordinal);
        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task A_cached_commit_hash_revision_needs_no_network_even_online()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/tiny").AddFile("config.json", "{}").AddFile("sub/a.txt", "a");
        using var client = context.Client();
        await client.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);
        context.Hub.ClearRequests();

        var folder = await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { Revision = repo.Head }, cancellationToken: TestContext.Current.CancellationToken);
        var file = await client.DownloadFileAsync("org/tiny", "sub/a.txt", repo.Head, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(folder, "sub", "a.txt"), file);
        Assert.Empty(context.Hub.Requests);
        Assert.Equal(file, client.TryLoadFromCache("org/tiny", "sub/a.txt"));
        Assert.Null(client.TryLoadFromCache("org/tiny", "nope.txt"));
    }
}
