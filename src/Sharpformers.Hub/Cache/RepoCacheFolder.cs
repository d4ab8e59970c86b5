namespace Sharpformers.Hub;

/// <summary>
/// The paths of one repository inside the hub cache, exactly as huggingface_hub lays them out:
/// <c>{type}s--{org}--{name}/blobs/&lt;etag&gt;</c>, <c>refs/&lt;revision&gt;</c>, <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c>,
/// <c>.no_exist/&lt;commit&gt;/&lt;path&gt;</c>, <c>trees/&lt;commit&gt;.json</c> and the lock files under <c>.locks/</c>.
/// </summary>
internal sealed class RepoCacheFolder
{
    public RepoCacheFolder(string cacheDir, RepoType repoType, string repoId)
    {
        RepoPaths.ValidateRepoId(repoId);
        CacheDir = Path.GetFullPath(cacheDir);
        RepoType = repoType;
        RepoId = repoId;
        FolderName = FolderNameOf(repoType, repoId);
        Root = Path.Combine(CacheDir, FolderName);
    }

    /// <summary>The hub cache root.</summary>
    public string CacheDir { get; }

    /// <summary>The repository type.</summary>
    public RepoType RepoType { get; }

    /// <summary>The repo id.</summary>
    public string RepoId { get; }

    /// <summary><c>models--org--name</c>.</summary>
    public string FolderName { get; }

    /// <summary>The repository folder.</summary>
    public string Root { get; }

    public string BlobsDir => Path.Combine(Root, "blobs");

    /// <summary>The cache folder name of a repository: the plural type and the id parts joined with <c>--</c>, case kept.</summary>
    public static string FolderNameOf(RepoType repoType, string repoId) => repoType.Plural() + "--" + repoId.Replace("/", "--", StringComparison.Ordinal);

    public string Blob(string etag) => Path.Combine(BlobsDir, etag);

    public string IncompleteBlob(string etag) => Path.Combine(BlobsDir, etag + ".incomplete");

    public string Lock(string etag) => Path.Combine(CacheDir, ".locks", FolderName, etag + ".lock");

    public string Ref(string revision) => RepoPaths.Join(Path.Combine(Root, "refs"), revision, "revision");

    public string Snapshot(string commit) => RepoPaths.Join(Path.Combine(Root, "snapshots"), commit, "commit");

    public string Pointer(string commit, string path) => RepoPaths.Join(Snapshot(commit), path);

    public string NoExist(string commit, string path) => RepoPaths.Join(RepoPaths.Join(Path.Combine(Root, ".no_exist"), commit, "commit"), path);

    public string Tree(string commit) => Path.Combine(Root, "trees", commit + ".json");

    /// <summary>The commit a revision stands for in the cache: itself when it is a commit hash, else the content of <c>refs/&lt;revision&gt;</c>.</summary>
    public string? ResolveCachedCommit(string revision)
    {
        if (RepoPaths.IsCommitHash(revision))
        {
            return revision;
        }

        var refPath = Ref(revision);
        if (!File.Exists(refPath))
        {
            return null;
        }

        var commit = File.ReadAllText(refPath).Trim();
        return commit.Length == 0 ? null : commit;
    }

    /// <summary>Writes <c>refs/&lt;revision&gt;</c> (no newline) atomically, only when it is not a commit hash and the content changes.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
        {
            return;
        }

        var refPath = Ref(revision);
        if (File.Exists(refPath) && File.ReadAllText(refPath).Trim() == commit)
        {
            return;
        }

        AtomicFile.WriteAllText(refPath, commit);
    }
}
