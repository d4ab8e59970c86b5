namespace Sharpformers.Hub.Tests.Download;

public sealed class ConcurrencyTests
{
    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Eight_parallel_snapshot_downloads_of_one_repo_leave_one_correct_blob_per_file_and_fetch_each_once()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/shared")
            .AddFile("config.json", "{\"a\":1}")
            .AddFile("tokenizer.json", "{\"b\":2}")
            .AddFile("model.onnx", Bytes(2_000_000, 1), lfs: true)
            .AddFile("onnx/decoder.onnx", Bytes(1_000_000, 2), lfs: true);
        context.Hub.Faults.ChunkDelay = TimeSpan.FromMilliseconds(2);
        var clients = Enumerable.Range(0, 8).Select(_ => context.Client()).ToList();

        var folders = await Task.WhenAll(clients.Select(c => Task.Run(() => c.SnapshotDownloadAsync("org/shared", cancellationToken: TestContext.Current.CancellationToken))));

        Assert.Single(folders.Distinct());
        var blobs = Directory.GetFiles(Path.Combine(context.RepoFolder("models--org--shared"), "blobs"));
        Assert.Equal(repo.Files.Values.Select(f => f.Etag).Order(StringComparer.Ordinal), blobs.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in repo.Files.Values)
        {
            Assert.Equal(file.Content, File.ReadAllBytes(Path.Combine(folders[0], file.Path)));
        }

        // Each file's bytes crossed the wire exactly once: the per-blob lock made the other seven wait and reuse it.
        Assert.Equal(repo.Files.Values.Sum(f => (long)f.Content.Length), context.Hub.FileBytesServed);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Eight_parallel_single_file_downloads_write_one_blob()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/one").AddFile("weights.bin", Bytes(1_500_000, 3), lfs: true);
        using var client = context.Client();

        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.DownloadFileAsync("org/one", "weights.bin", cancellationToken: TestContext.Current.CancellationToken))));

        Assert.Single(paths.Distinct());
        Assert.Equal(repo.Files["weights.bin"].Content, File.ReadAllBytes(paths[0]));
        Assert.Single(Directory.GetFiles(Path.Combine(context.RepoFolder("models--org--one"), "blobs")));
        Assert.Equal(1_500_000, context.Hub.FileBytesServed);
    }
}
