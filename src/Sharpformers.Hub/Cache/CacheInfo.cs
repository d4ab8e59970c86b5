namespace Sharpformers.Hub;

/// <summary>The content of a hub cache folder, as <c>huggingface-cli scan-cache</c> reports it.</summary>
/// <param name="CacheDir">The scanned folder.</param>
/// <param name="SizeOnDisk">Bytes of all blobs of all repositories.</param>
/// <param name="Repos">The cached repositories, sorted by type then id.</param>
/// <param name="Warnings">Folders that could not be read as repositories, with the reason.</param>
public sealed record HubCacheInfo(string CacheDir, long SizeOnDisk, IReadOnlyList<CachedRepoInfo> Repos, IReadOnlyList<string> Warnings);

/// <summary>One cached repository.</summary>
/// <param name="RepoId">The repo id (<c>org/name</c>).</param>
/// <param name="RepoType">Model, dataset or Space.</param>
/// <param name="RepoPath">Its folder in the cache.</param>
/// <param name="SizeOnDisk">Bytes of its blobs (each blob counted once however many revisions use it).</param>
/// <param name="FileCount">Number of blobs.</param>
/// <param name="LastModified">Latest modification time of a blob.</param>
/// <param name="Revisions">Its cached snapshots.</param>
public sealed record CachedRepoInfo(
    string RepoId, RepoType RepoType, string RepoPath, long SizeOnDisk, int FileCount, DateTimeOffset LastModified, IReadOnlyList<CachedRevisionInfo> Revisions)
{
    /// <summary>Every ref (branch or tag) of the repository.</summary>
    public IEnumerable<string> Refs => Revisions.SelectMany(r => r.Refs);
}

/// <summary>One cached snapshot of a repository.</summary>
/// <param name="CommitHash">The commit.</param>
/// <param name="SnapshotPath">Its <c>snapshots/&lt;commit&gt;</c> folder.</param>
/// <param name="SizeOnDisk">Bytes of the blobs its files use.</param>
/// <param name="Files">Its files.</param>
/// <param name="Refs">Refs pointing at it (<c>main</c>, <c>refs/pr/1</c>, ...).</param>
/// <param name="LastModified">Modification time of the snapshot folder.</param>
public sealed record CachedRevisionInfo(
    string CommitHash, string SnapshotPath, long SizeOnDisk, IReadOnlyList<CachedFileInfo> Files, IReadOnlyList<string> Refs, DateTimeOffset LastModified);

/// <summary>One file of a cached snapshot.</summary>
/// <param name="FileName">Its path in the repository.</param>
/// <param name="FilePath">Its snapshot path.</param>
/// <param name="BlobPath">The blob it points at (the file itself when snapshots are copies).</param>
/// <param name="SizeOnDisk">Its size.</param>
public sealed record CachedFileInfo(string FileName, string FilePath, string BlobPath, long SizeOnDisk);
