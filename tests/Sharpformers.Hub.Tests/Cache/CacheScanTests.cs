namespace Sharpformers.Hub.Tests.Cache;

public sealed class CacheScanTests
{
    [Fact]
    public async Task Scan_reports_repos_revisions_refs_and_sizes_and_delete_revision_frees_unshared_blobs()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/model").AddFile("config.json", "{\"v\":1}").AddFile("shared.bin", new byte[1000], lfs: true);
        context.Hub.AddRepo("org/data", "dataset").AddFile("train.csv", "x\n");
        using var client = context.Client();
        await client.SnapshotDownloadAsync("org/model", cancellationToken: TestContext.Current.CancellationToken);
        var oldCommit = repo.Head;
        await client.SnapshotDownloadAsync("org/data", new SnapshotOptions { RepoType = RepoType.Dataset }, cancellationToken: TestContext.Current.CancellationToken);
        repo.AddFile("config.json", "{\"v\":22}");
        await client.SnapshotDownloadAsync("org/model", cancellationToken: TestContext.Current.CancellationToken);

        var scan = client.ScanCache();

        Assert.Equal(["org/model", "org/data"], scan.Repos.Select(r => r.RepoId));
        var model = scan.Repos[0];
        Assert.Equal(RepoType.Model, model.RepoType);
        Assert.Equal(3, model.FileCount);
        Assert.Equal(7 + 1000 + 8, model.SizeOnDisk);
        Assert.Equal(2, model.Revisions.Count);
        var latest = model.Revisions.Single(r => r.CommitHash == repo.Head);
        Assert.Equal(["main"], latest.Refs);
        Assert.Equal(1008, latest.SizeOnDisk);
        Assert.Empty(model.Revisions.Single(r => r.CommitHash == oldCommit).Refs);
        Assert.Equal(model.SizeOnDisk + 2, scan.SizeOnDisk);
        Assert.Equal(RepoType.Dataset, scan.Repos[1].RepoType);

        var freed = client.DeleteRevision("org/model", oldCommit);

        Assert.Equal(7, freed);
        var after = client.ScanCache().Repos[0];
        Assert.Single(after.Revisions);
        Assert.Equal(1008, after.SizeOnDisk);
        Assert.Equal("{\"v\":22}", File.ReadAllText(Path.Combine(after.Revisions[0].SnapshotPath, "config.json")));
        Assert.Throws<LocalEntryNotFoundException>(() => client.DeleteRevision("org/model", oldCommit));
    }

    [Fact]
    public void Scanning_a_missing_cache_folder_gives_an_empty_report()
    {
        using var client = new HubClient(new HubOptions { CacheDir = Path.Combine(Path.GetTempPath(), "sharpformers-tests", Guid.NewGuid().ToString("N")) });
        var scan = client.ScanCache();
        Assert.Empty(scan.Repos);
        Assert.Equal(0, scan.SizeOnDisk);
    }
}
