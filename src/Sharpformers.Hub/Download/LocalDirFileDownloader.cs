using System.Globalization;

namespace Sharpformers.Hub;

/// <summary>
/// huggingface_hub's <c>local_dir</c> mode: the file lands at <c>local_dir/&lt;path&gt;</c> as a plain file, with
/// <c>.cache/huggingface/download/&lt;path&gt;.metadata</c> (commit, etag, unix time) beside it and its lock and temp file in the
/// same folder; a file whose metadata still matches the Hub's ETag is not downloaded again, and a blob already in the
/// shared cache is copied instead of downloaded.
/// </summary>
internal sealed class LocalDirFileDownloader(HubHttp http)
{
    public async Task<string> DownloadAsync(
        RepoCacheFolder repo, string localDir, string revision, string path, bool localFilesOnly, bool forceDownload, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var target = RepoPaths.Join(localDir, path);
        var meta = RepoPaths.Join(Path.Combine(localDir, ".cache", "huggingface", "download"), path + ".metadata");
        if (localFilesOnly || http.Settings.Offline)
        {
            if (!File.Exists(target))
            {
                throw new LocalEntryNotFoundException(
                    $"'{path}' of '{repo.RepoId}' is not in '{localDir}' and the network may not be used (offline mode or LocalFilesOnly).") { RepoId = repo.RepoId };
            }

            return Hit(target, path, tracker);
        }

        var stored = ReadMetadata(meta, target);
        if (!forceDownload && stored is { } s && RepoPaths.IsCommitHash(revision) && s.Commit == revision)
        {
            return Hit(target, path, tracker);
        }

        var context = new HubErrorContext(repo.RepoId, repo.RepoType, revision, path);
        var metadata = await FileMetadata.GetAsync(http, http.ResolveUrl(repo.RepoType, repo.RepoId, revision, path), context, cancellationToken).ConfigureAwait(false);
        if (!forceDownload && stored is { } same && same.Etag == metadata.Etag)
        {
            WriteMetadata(meta, metadata);
            return Hit(target, path, tracker);
        }

        WriteSupportFiles(localDir);
        var progress = new FileProgress(tracker, path, metadata.Size);
        using (await FileLock.AcquireAsync(meta[..^".metadata".Length] + ".lock", cancellationToken).ConfigureAwait(false))
        {
            var incomplete = meta[..^".metadata".Length] + "." + metadata.Etag + ".incomplete";
            var cachedBlob = repo.Blob(metadata.Etag);
            if (!forceDownload && File.Exists(cachedBlob))
            {
                File.Copy(cachedBlob, incomplete, overwrite: true);
            }
            else
            {
                await FileTransfer.DownloadAsync(http, metadata.Location, incomplete, metadata.Size, metadata.ExpectedSha256, progress.At, context, cancellationToken)
                    .ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(incomplete, target, overwrite: true);
            WriteMetadata(meta, metadata);
        }

        progress.Completed(metadata.Size);
        return target;
    }

    private static string Hit(string target, string path, ProgressTracker tracker)
    {
        var size = new FileInfo(target).Length;
        tracker.Completed(path, size, size);
        return target;
    }

    private static (string Commit, string Etag)? ReadMetadata(string meta, string target)
    {
        if (!File.Exists(meta) || !File.Exists(target))
        {
            return null;
        }

        var lines = File.ReadAllLines(meta);
        if (lines.Length < 3 || !double.TryParse(lines[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var timestamp))
        {
            AtomicFile.TryDelete(meta);
            return null;
        }

        // Stale when the file was modified more than a second after the metadata was written.
        var modified = (new FileInfo(target).LastWriteTimeUtc - DateTime.UnixEpoch).TotalSeconds;
        return modified - timestamp > 1 ? null : (lines[0].Trim(), lines[1].Trim());
    }

    private static void WriteMetadata(string meta, FileMetadata metadata)
    {
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);
        AtomicFile.WriteAllText(meta, $"{metadata.CommitHash}\n{metadata.Etag}\n{now}\n");
    }

    private static void WriteSupportFiles(string localDir)
    {
        var root = Path.Combine(localDir, ".cache", "huggingface");
        Directory.CreateDirectory(root);
        var gitignore = Path.Combine(root, ".gitignore");
        if (!File.Exists(gitignore))
        {
            AtomicFile.WriteAllText(gitignore, "*");
        }

        AtomicFile.EnsureCacheDirTag(root);
    }
}
