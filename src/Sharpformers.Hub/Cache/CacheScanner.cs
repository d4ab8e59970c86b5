namespace Sharpformers.Hub;

/// <summary>Reads a hub cache folder into a <see cref="HubCacheInfo"/> and deletes revisions from it.</summary>
internal static class CacheScanner
{
    public static HubCacheInfo Scan(string cacheDir)
    {
        var repos = new List<CachedRepoInfo>();
        var warnings = new List<string>();
        if (Directory.Exists(cacheDir))
        {
            foreach (var folder in Directory.EnumerateDirectories(cacheDir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                try
                {
                    repos.Add(ScanRepo(folder));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    warnings.Add($"{folder}: {ex.Message}");
                }
            }
        }

        repos.Sort((a, b) => a.RepoType != b.RepoType ? a.RepoType.CompareTo(b.RepoType) : string.CompareOrdinal(a.RepoId, b.RepoId));
        return new HubCacheInfo(cacheDir, repos.Sum(r => r.SizeOnDisk), repos, warnings);
    }

    /// <summary>Deletes a snapshot, the refs pointing at it and the blobs no other snapshot uses; returns the bytes freed.</summary>
    public static long DeleteRevision(string cacheDir, RepoType repoType, string repoId, string commitHash)
    {
        if (!RepoPaths.IsCommitHash(commitHash))
        {
            throw new ArgumentException($"'{commitHash}' is not a 40-hex commit hash.", nameof(commitHash));
        }

        var folder = new RepoCacheFolder(cacheDir, repoType, repoId);
        if (!Directory.Exists(folder.Root))
        {
            throw new LocalEntryNotFoundException($"'{repoId}' is not in the cache ({cacheDir}).") { RepoId = repoId };
        }

        var repo = ScanRepo(folder.Root);
        var target = repo.Revisions.FirstOrDefault(r => r.CommitHash == commitHash)
            ?? throw new LocalEntryNotFoundException($"Revision {commitHash} of '{repoId}' is not in the cache.") { RepoId = repoId };
        var kept = repo.Revisions.Where(r => r != target).SelectMany(r => r.Files).Select(f => f.BlobPath).ToHashSet(StringComparer.Ordinal);
        long freed = 0;
        foreach (var blob in target.Files.Select(f => f.BlobPath).Distinct(StringComparer.Ordinal).Where(b => !kept.Contains(b)))
        {
            if (File.Exists(blob))
            {
                freed += new FileInfo(blob).Length;
                File.Delete(blob);
            }
        }

        Directory.Delete(target.SnapshotPath, recursive: true);
        foreach (var reference in target.Refs)
        {
            AtomicFile.TryDelete(folder.Ref(reference));
        }

        var noExist = Path.Combine(folder.Root, ".no_exist", commitHash);
        if (Directory.Exists(noExist))
        {
            Directory.Delete(noExist, recursive: true);
        }

        AtomicFile.TryDelete(folder.Tree(commitHash));
        return freed;
    }

    private static CachedRepoInfo ScanRepo(string folder)
    {
        var name = Path.GetFileName(folder);
        var parts = name.Split("--");
        if (parts.Length < 2 || !RepoTypeNames.TryParse(parts[0], out var repoType))
        {
            throw new InvalidDataException("not a repository folder (expected models--, datasets-- or spaces--)");
        }

        var repoId = string.Join('/', parts[1..]);
        var refsByCommit = ReadRefs(Path.Combine(folder, "refs"));
        var revisions = new List<CachedRevisionInfo>();
        var blobs = new Dictionary<string, FileInfo>(StringComparer.Ordinal);
        var snapshots = Path.Combine(folder, "snapshots");
        if (Directory.Exists(snapshots))
        {
            foreach (var snapshot in Directory.EnumerateDirectories(snapshots).Order(StringComparer.Ordinal))
            {
                var files = new List<CachedFileInfo>();
                var revisionBlobs = new HashSet<string>(StringComparer.Ordinal);
                foreach (var file in Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories))
                {
                    var info = new FileInfo(file);
                    var blob = info.LinkTarget is { } target ? Path.GetFullPath(Path.Combine(info.DirectoryName!, target)) : info.FullName;
                    var blobInfo = new FileInfo(blob);
                    if (!blobInfo.Exists)
                    {
                        continue;
                    }

                    blobs[blob] = blobInfo;
                    revisionBlobs.Add(blob);
                    files.Add(new CachedFileInfo(Path.GetRelativePath(snapshot, file).Replace('\\', '/'), file, blob, blobInfo.Length));
                }

                var commit = Path.GetFileName(snapshot);
                revisions.Add(new CachedRevisionInfo(
                    commit, snapshot, revisionBlobs.Sum(b => blobs[b].Length), files,
                    refsByCommit.TryGetValue(commit, out var refs) ? refs : [], Directory.GetLastWriteTimeUtc(snapshot)));
            }
        }

        var lastModified = blobs.Count == 0 ? Directory.GetLastWriteTimeUtc(folder) : blobs.Values.Max(b => b.LastWriteTimeUtc);
        return new CachedRepoInfo(repoId, repoType, folder, blobs.Values.Sum(b => b.Length), blobs.Count, lastModified, revisions);
    }

    private static Dictionary<string, List<string>> ReadRefs(string refsDir)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!Directory.Exists(refsDir))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(refsDir, "*", SearchOption.AllDirectories))
        {
            var commit = File.ReadAllText(file).Trim();
            var name = Path.GetRelativePath(refsDir, file).Replace('\\', '/');
            if (!result.TryGetValue(commit, out var list))
            {
                result[commit] = list = [];
            }

            list.Add(name);
        }

        foreach (var list in result.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return result;
    }
}
