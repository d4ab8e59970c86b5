using System.Text;
using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests.Download;

public sealed class SnapshotLayoutTests
{
    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static FakeRepo AddSampleRepo(FakeHub hub) => hub.AddRepo("org/tiny")
        .AddFile("config.json", "{\"model_type\":\"gpt2\"}")
        .AddFile("tokenizer.json", "{\"version\":\"1.0\"}")
        .AddFile("README.md", "# tiny\n")
        .AddFile("model.onnx", Bytes(300_000, 1), lfs: true)
        .AddFile("onnx/decoder_model.onnx", Bytes(200_000, 2), lfs: true)
        .AddFile("onnx/sub/extra.txt", "nested");

    [Fact]
    public async Task Snapshot_tree_is_byte_and_link_identical_to_the_huggingface_hub_layout()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = AddSampleRepo(context.Hub);
        using var client = context.Client();

        var folder = await client.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);

        var root = context.RepoFolder("models--org--tiny");
        Assert.Equal(Path.Combine(root, "snapshots", repo.Head), folder);

        // The expected tree, with blob names from git and sha256sum rather than from the code under test.
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [$"refs/main"] = "file:" + repo.Head,
            [$"trees/{repo.Head}.json"] = "file:*",
        };
        foreach (var file in repo.Files.Values)
        {
            var etag = file.IsLfs ? ExternalHashes.Sha256(file.Content) : ExternalHashes.GitBlobId(file.Content);
            var ups = string.Concat(Enumerable.Repeat("../", 2 + file.Path.Count(c => c == '/')));
            expected[$"blobs/{etag}"] = "blob:" + file.Path;
            expected[$"snapshots/{repo.Head}/{file.Path}"] = $"link:{ups}blobs/{etag}";
        }

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            actual[relative] = entry.LinkTarget is { } target
                ? "link:" + target
                : relative.StartsWith("blobs/", StringComparison.Ordinal)
                    ? "blob:" + repo.Files.Values.Single(f => f.Content.AsSpan().SequenceEqual(File.ReadAllBytes(entry.FullName))).Path
                    : relative.StartsWith("trees/", StringComparison.Ordinal) ? "file:*" : "file:" + File.ReadAllText(entry.FullName);
        }

        Assert.Equal(expected, actual);

        // Every snapshot entry reads back the exact bytes of the repository file.
        foreach (var file in repo.Files.Values)
        {
            Assert.Equal(file.Content, await File.ReadAllBytesAsync(Path.Combine(folder, file.Path), TestContext.Current.CancellationToken));
        }

        // Cache-root files huggingface_hub creates: CACHEDIR.TAG and one lock per blob.
        Assert.StartsWith("Signature: 8a477f597d28d172789f06886806bc55", File.ReadAllText(Path.Combine(context.CacheDir, "CACHEDIR.TAG")), StringComparison.Ordinal);
        var locks = Directory.GetFiles(Path.Combine(context.CacheDir, ".locks", "models--org--tiny")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(repo.Files.Values.Select(f => f.Etag + ".lock").Order(StringComparer.Ordinal), locks);

        // The tree cache is written as huggingface_hub writes it: json.dump(data, indent=1) with the paths sorted
        // (the expected text below is spelled out by hand in Python's format).
        var lines = new List<string> { "{", " \"format_version\": 1,", " \"files\": {" };
        var sorted = repo.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        foreach (var file in sorted)
        {
            lines.Add($"  \"{file.Path}\": {{");
            lines.Add($"   \"size\": {file.Content.Length},");
            lines.Add($"   \"blob_id\": \"{(file.IsLfs ? file.PointerSha1 : file.GitBlobSha1)}\"" + (file.IsLfs ? "," : string.Empty));
            if (file.IsLfs)
            {
                lines.Add($"   \"lfs_sha256\": \"{file.Sha256}\",");
                lines.Add($"   \"lfs_size\": {file.Content.Length}");
            }

            lines.Add(file == sorted[^1] ? "  }" : "  },");
        }

        lines.Add(" }");
        lines.Add("}");
        Assert.Equal(string.Join("\n", lines), File.ReadAllText(Path.Combine(root, "trees", repo.Head + ".json")));
    }

    [Fact]
    public async Task Allow_and_ignore_patterns_select_files_like_fnmatch()
    {
        await using var context = await HubTestContext.StartAsync();
        AddSampleRepo(context.Hub);
        using var client = context.Client();

        var folder = await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions
        {
            AllowPatterns = ["*.json", "onnx/"],
            IgnorePatterns = ["tokenizer.json", "*.txt"],
        }, cancellationToken: TestContext.Current.CancellationToken);

        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(["config.json", "onnx/decoder_model.onnx"], files);
        Assert.DoesNotContain(context.Hub.Requests, r => r.Target.Contains("README.md", StringComparison.Ordinal) || r.Target.Contains("model.onnx?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tree_pages_linked_with_rel_next_are_all_read()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = AddSampleRepo(context.Hub);
        context.Hub.TreePageSize = 2;
        using var client = context.Client();

        var folder = await client.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(repo.Files.Count, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);
        Assert.True(context.Hub.Requests.Count(r => r.Target.Contains("/tree/", StringComparison.Ordinal)) > 2);
    }

    [Fact]
    public async Task Dataset_repos_use_their_url_prefix_and_cache_folder()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n1,2\n");
        using var client = context.Client();

        var path = await client.DownloadFileAsync("org/data", "train.csv", options: new DownloadFileOptions { RepoType = RepoType.Dataset },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(context.CacheDir, "datasets--org--data", "snapshots", repo.Head, "train.csv"), path);
        Assert.Contains(context.Hub.Requests, r => r.Target.StartsWith("/datasets/org/data/resolve/main/train.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_symlinks_snapshot_files_are_plain_copies()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = AddSampleRepo(context.Hub);
        using var client = context.Client(new HubOptions { DisableSymlinks = true });

        var folder = await client.SnapshotDownloadAsync("org/tiny", cancellationToken: TestContext.Current.CancellationToken);

        foreach (var file in repo.Files.Values)
        {
            var info = new FileInfo(Path.Combine(folder, file.Path));
            Assert.Null(info.LinkTarget);
            Assert.Equal(file.Content, File.ReadAllBytes(info.FullName));
        }
    }

    [Fact]
    public async Task Local_dir_mode_writes_plain_files_with_metadata_and_skips_unchanged_files()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = AddSampleRepo(context.Hub);
        using var client = context.Client();
        var localDir = context.Combine("local");

        var folder = await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { LocalDir = localDir }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.GetFullPath(localDir), folder);
        foreach (var file in repo.Files.Values)
        {
            var info = new FileInfo(Path.Combine(localDir, file.Path));
            Assert.Null(info.LinkTarget);
            Assert.Equal(file.Content, File.ReadAllBytes(info.FullName));
            var metadata = File.ReadAllLines(Path.Combine(localDir, ".cache", "huggingface", "download", file.Path + ".metadata"));
            Assert.Equal(repo.Head, metadata[0]);
            Assert.Equal(file.Etag, metadata[1]);
        }

        Assert.False(Directory.Exists(context.RepoFolder("models--org--tiny")));
        var servedBefore = context.Hub.FileBytesServed;
        await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { LocalDir = localDir }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(servedBefore, context.Hub.FileBytesServed);
        Assert.True(File.Exists(Path.Combine(localDir, ".cache", "huggingface", "trees", repo.Head + ".json")));

        // A commit revision whose metadata matches needs no request at all.
        context.Hub.ClearRequests();
        await client.SnapshotDownloadAsync("org/tiny", new SnapshotOptions { LocalDir = localDir, Revision = repo.Head }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task Progress_reports_every_file_and_the_overall_bytes()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = AddSampleRepo(context.Hub).AddFile("big.bin", Bytes(3_000_000, 5), lfs: true);
        using var client = context.Client();
        var progress = new RecordingProgress();

        await client.SnapshotDownloadAsync("org/tiny", progress: progress, cancellationToken: TestContext.Current.CancellationToken);

        var total = repo.Files.Values.Sum(f => (long)f.Content.Length);
        var reports = progress.Reports.ToList();
        Assert.All(reports, r => Assert.Equal(total, r.TotalBytes));
        Assert.Equal(repo.Files.Keys.Order(StringComparer.Ordinal), reports.Where(r => r.FileCompleted).Select(r => r.FileName).Order(StringComparer.Ordinal));
        Assert.Equal(total, reports.Max(r => r.TotalBytesDownloaded));
        Assert.Equal(repo.Files.Count, reports.Max(r => r.FilesCompleted));
        Assert.Contains(reports, r => r.FileName == "big.bin" && !r.FileCompleted && r.FileBytesDownloaded is > 0 and < 3_000_000);
    }

    [Fact]
    public void Commit_text_encoding_of_refs_has_no_newline()
    {
        using var temp = new TemporaryDirectory();
        var folder = new RepoCacheFolder(temp.Path, RepoType.Model, "org/name");
        folder.WriteRef("refs/pr/1", new string('a', 40));
        Assert.Equal(new string('a', 40), Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(temp.Path, "models--org--name", "refs", "refs", "pr", "1"))));
        Assert.Equal(new string('a', 40), folder.ResolveCachedCommit("refs/pr/1"));
    }
}
