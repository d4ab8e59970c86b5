using Microsoft.Extensions.Logging;

namespace Sharpformers.Hub;

/// <summary>
/// huggingface_hub's <c>hf_hub_download</c> in cache mode: returns <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c>, downloading the blob
/// under its lock only when no snapshot entry exists yet, and answering from the cache alone when offline, for a cached
/// commit-hash revision, or when the Hub cannot be reached.
/// </summary>
internal sealed class CacheFileDownloader(HubHttp http, ILogger logger)
{
    public async Task<string> DownloadAsync(
        RepoCacheFolder repo, string revision, string path, bool localFilesOnly, bool forceDownload, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        RepoPaths.ValidateRelativeName(path);
        if (RepoPaths.IsCommitHash(revision) && !forceDownload && File.Exists(repo.Pointer(revision, path)))
        {
            return Hit(repo.Pointer(revision, path), path, tracker);
        }

        if (localFilesOnly || http.Settings.Offline)
        {
            return Hit(FromCache(repo, revision, path) ?? throw NotCached(repo, revision, path, localFilesOnly ? "LocalFilesOnly is set" : "offline mode is enabled (HF_HUB_OFFLINE=1)"), path, tracker);
        }

        var context = new HubErrorContext(repo.RepoId, repo.RepoType, revision, path);
        FileMetadata metadata;
        try
        {
            metadata = await FileMetadata.GetAsync(http, http.ResolveUrl(repo.RepoType, repo.RepoId, revision, path), context, cancellationToken).ConfigureAwait(false);
        }
        catch (EntryNotFoundException ex) when (ex.CommitHash is { } missingCommit && RepoPaths.IsCommitHash(missingCommit))
        {
            MarkMissing(repo, revision, missingCommit, path);
            throw;
        }
        catch (HubException ex) when (HubErrors.AllowsCacheFallback(ex) && FromCache(repo, revision, path) is { } cached)
        {
            logger.LogWarning("Using the cached '{Path}' of '{Repo}': {Reason}", path, repo.RepoId, ex.Message);
            return Hit(cached, path, tracker);
        }

        if (!RepoPaths.IsCommitHash(metadata.CommitHash))
        {
            throw new HubProtocolException($"The server gave '{metadata.CommitHash}' as the commit of '{repo.RepoId}', which is not a 40-hex commit hash.") { RepoId = repo.RepoId };
        }

        var pointer = repo.Pointer(metadata.CommitHash, path);
        TryWriteRef(repo, revision, metadata.CommitHash);
        if (File.Exists(pointer) && !forceDownload)
        {
            return Hit(pointer, path, tracker);
        }

        Directory.CreateDirectory(repo.BlobsDir);
        AtomicFile.EnsureCacheDirTag(repo.CacheDir);
        var progress = new FileProgress(tracker, path, metadata.Size);
        using (await FileLock.AcquireAsync(repo.Lock(metadata.Etag), cancellationToken).ConfigureAwait(false))
        {
            if (File.Exists(pointer) && !forceDownload)
            {
                progress.Completed(metadata.Size);
                return pointer;
            }

            var blob = repo.Blob(metadata.Etag);
            var blobIsNew = false;
            if (!File.Exists(blob) || forceDownload)
            {
                var incomplete = repo.IncompleteBlob(metadata.Etag);
                var sendToken = http.IsHubOrigin(metadata.Location);
                logger.LogDebug("Downloading '{Path}' of '{Repo}' ({Size} bytes, token sent: {SendToken})", path, repo.RepoId, metadata.Size, sendToken);
                await FileTransfer.DownloadAsync(http, metadata.Location, incomplete, metadata.Size, metadata.ExpectedSha256, progress.At, context, cancellationToken)
                    .ConfigureAwait(false);
                File.Move(incomplete, blob, overwrite: true);
                blobIsNew = true;
            }

            SnapshotLinker.Link(blob, pointer, http.Settings.DisableSymlinks, blobIsNew);
        }

        progress.Completed(metadata.Size);
        return pointer;
    }

    /// <summary>The cached snapshot entry of a file at a revision (commit hash, or through <c>refs/</c>), if present.</summary>
    public static string? FromCache(RepoCacheFolder repo, string revision, string path)
    {
        var commit = repo.ResolveCachedCommit(revision);
        if (commit is null || !RepoPaths.IsCommitHash(commit))
        {
            return null;
        }

        var pointer = repo.Pointer(commit, path);
        return File.Exists(pointer) ? pointer : null;
    }

    private static LocalEntryNotFoundException NotCached(RepoCacheFolder repo, string revision, string path, string reason) => new(
        $"'{path}' of '{repo.RepoId}' at revision '{revision}' is not in the cache ({repo.Root}) and {reason}: download it once with network access.")
    {
        RepoId = repo.RepoId,
    };

    private static string Hit(string pointer, string path, ProgressTracker tracker)
    {
        var size = new FileInfo(pointer).Length;
        tracker.Completed(path, size, size);
        return pointer;
    }

    private void MarkMissing(RepoCacheFolder repo, string revision, string commit, string path)
    {
        try
        {
            var marker = repo.NoExist(commit, path);
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            File.WriteAllBytes(marker, []);
            repo.WriteRef(revision, commit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Could not write the .no_exist marker of '{Path}': {Reason}", path, ex.Message);
        }
    }

    private void TryWriteRef(RepoCacheFolder repo, string revision, string commit)
    {
        try
        {
            repo.WriteRef(revision, commit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Could not update refs/{Revision} of '{Repo}': {Reason}", revision, repo.RepoId, ex.Message);
        }
    }
}
