namespace Sharpformers.Hub;

/// <summary>
/// huggingface_hub's <c>snapshot_download</c>: resolve the revision to a commit (no call for a commit hash), list the files
/// (from <c>trees/&lt;commit&gt;.json</c> when cached), filter them, write <c>refs/&lt;revision&gt;</c>, download the files in
/// parallel and return <c>snapshots/&lt;commit&gt;</c> (or the local dir). Offline, or when the Hub cannot be reached, the
/// cached snapshot is returned, checked against the cached tree listing when there is one.
/// </summary>
internal sealed class SnapshotDownloader(HubHttp http, HubApi api, CacheFileDownloader cacheFiles, LocalDirFileDownloader localFiles)
{
    public async Task<string> DownloadAsync(string repoId, SnapshotOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var repo = new RepoCacheFolder(http.Settings.CacheDir, options.RepoType, repoId);
        var revision = options.Revision ?? "main";
        RepoPaths.ValidateRevision(revision);
        if (options.MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "SnapshotOptions.MaxConcurrency must be at least 1.");
        }

        var filter = new PatternFilter(options.AllowPatterns, options.IgnorePatterns);
        var offline = options.LocalFilesOnly || http.Settings.Offline;
        if (offline)
        {
            return FromCache(repo, revision, filter, options.LocalDir, http.Settings.Offline ? "offline mode is enabled (HF_HUB_OFFLINE=1)" : "LocalFilesOnly is set", null);
        }

        string commit;
        IReadOnlyList<RepoFile> files;
        try
        {
            commit = RepoPaths.IsCommitHash(revision)
                ? revision
                : await api.ResolveCommitAsync(repo.RepoType, repoId, revision, cancellationToken).ConfigureAwait(false);
            var treePath = options.LocalDir is { } local ? Path.Combine(local, ".cache", "huggingface", "trees", commit + ".json") : repo.Tree(commit);
            files = TreeCache.TryRead(treePath) ?? await ListAndCacheAsync(repo, commit, treePath, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex) when (HubErrors.AllowsCacheFallback(ex))
        {
            return FromCache(repo, revision, filter, options.LocalDir, "the Hub could not be used", ex);
        }

        // Largest first: the long downloads start at once instead of queueing behind many small files.
        var selected = files.Where(f => filter.Includes(f.Path)).OrderByDescending(f => f.ContentSize).ToList();
        if (options.LocalDir is null)
        {
            repo.WriteRef(revision, commit);
        }

        var tracker = new ProgressTracker(progress, selected.Count, selected.Sum(f => f.ContentSize));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(selected, parallel, async (file, token) =>
        {
            if (options.LocalDir is { } localDir)
            {
                await localFiles.DownloadAsync(repo, localDir, commit, file.Path, false, options.ForceDownload, tracker, token).ConfigureAwait(false);
            }
            else
            {
                await cacheFiles.DownloadAsync(repo, commit, file.Path, false, options.ForceDownload, tracker, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        return options.LocalDir is { } dir ? Path.GetFullPath(dir) : repo.Snapshot(commit);
    }

    private async Task<IReadOnlyList<RepoFile>> ListAndCacheAsync(RepoCacheFolder repo, string commit, string treePath, CancellationToken cancellationToken)
    {
        var files = await api.ListFilesAsync(repo.RepoType, repo.RepoId, commit, cancellationToken).ConfigureAwait(false);
        try
        {
            TreeCache.Write(treePath, files);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves the download.
        }

        return files;
    }

    private static string FromCache(RepoCacheFolder repo, string revision, PatternFilter filter, string? localDir, string reason, HubException? cause)
    {
        if (localDir is not null)
        {
            if (Directory.Exists(localDir) && Directory.EnumerateFileSystemEntries(localDir).Any())
            {
                return Path.GetFullPath(localDir);
            }

            throw new LocalEntryNotFoundException($"'{localDir}' holds no download of '{repo.RepoId}' and {reason}.", cause) { RepoId = repo.RepoId };
        }

        var commit = repo.ResolveCachedCommit(revision);
        var snapshot = commit is null ? null : repo.Snapshot(commit);
        if (snapshot is null || !Directory.Exists(snapshot))
        {
            if (cause is not null)
            {
                // Nothing cached to fall back on: the Hub's own error says best what went wrong.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }

            throw new LocalEntryNotFoundException(
                $"No snapshot of '{repo.RepoId}' at revision '{revision}' is in the cache ({repo.CacheDir}) and {reason}"
                + (cause is null ? ": download it once with network access (HF_HUB_OFFLINE=0)." : $": {cause.Message}"),
                cause) { RepoId = repo.RepoId };
        }

        if (TreeCache.TryRead(repo.Tree(commit!)) is { } tree)
        {
            var missing = tree.Where(f => filter.Includes(f.Path) && !File.Exists(repo.Pointer(commit!, f.Path))).Select(f => f.Path).ToList();
            if (missing.Count > 0)
            {
                throw new LocalEntryNotFoundException(
                    $"The cached snapshot {snapshot} of '{repo.RepoId}' is incomplete ({missing.Count} file(s) missing, e.g. '{missing[0]}') and {reason}.",
                    cause) { RepoId = repo.RepoId };
            }
        }

        return snapshot;
    }
}
