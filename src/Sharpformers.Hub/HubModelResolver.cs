namespace Sharpformers.Hub;

/// <summary>
/// Turns "a local folder or a Hub repo id" into a local folder, as the <c>from_pretrained</c> methods of transformers do:
/// an existing folder is returned as is; otherwise the repo id is snapshot-downloaded (or, offline, found in the cache)
/// and its snapshot folder returned.
/// </summary>
public static class HubModelResolver
{
    /// <summary>Resolves a local folder or a repo id to a local folder.</summary>
    /// <param name="pathOrRepoId">An existing folder, or a repo id such as <c>org/name</c>.</param>
    /// <param name="allowPatterns">Files to fetch (globs); <see langword="null"/> fetches the whole repository.</param>
    /// <param name="options">Hub settings; <see langword="null"/> reads the environment.</param>
    /// <param name="revision">Branch, tag or commit (default <c>main</c>).</param>
    /// <param name="progress">Receives download progress.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The folder holding the files.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="pathOrRepoId"/> is neither an existing folder nor a valid repo id.</exception>
    /// <exception cref="HubException">The download failed (see <see cref="HubClient.SnapshotDownloadAsync"/>).</exception>
    public static async Task<string> ResolveFolderAsync(
        string pathOrRepoId, IReadOnlyList<string>? allowPatterns = null, HubOptions? options = null, string? revision = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrRepoId);
        if (Directory.Exists(pathOrRepoId))
        {
            return pathOrRepoId;
        }

        if (LooksLikePath(pathOrRepoId))
        {
            throw new DirectoryNotFoundException(
                $"'{pathOrRepoId}' is neither an existing folder nor a Hub repo id: the model folder '{pathOrRepoId}' does not exist.");
        }

        if (!RepoPaths.LooksLikeRepoId(pathOrRepoId))
        {
            throw new DirectoryNotFoundException(
                $"'{pathOrRepoId}' is neither an existing folder nor a Hub repo id ('name' or 'org/name').");
        }

        using var client = new HubClient(options);
        return await client.SnapshotDownloadAsync(pathOrRepoId, new SnapshotOptions { Revision = revision, AllowPatterns = allowPatterns }, progress, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="value"/> is written as a path (<c>./x</c>, <c>../x</c>, <c>/x</c>, <c>~/x</c>, <c>C:\x</c>), never a repo id.</summary>
    private static bool LooksLikePath(string value) =>
        value.StartsWith('.') || value.StartsWith('~') || value.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(value);

    /// <summary>The synchronous twin of <see cref="ResolveFolderAsync"/>.</summary>
    /// <param name="pathOrRepoId">An existing folder, or a repo id such as <c>org/name</c>.</param>
    /// <param name="allowPatterns">Files to fetch (globs); <see langword="null"/> fetches the whole repository.</param>
    /// <param name="options">Hub settings; <see langword="null"/> reads the environment.</param>
    /// <param name="revision">Branch, tag or commit (default <c>main</c>).</param>
    /// <param name="progress">Receives download progress.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The folder holding the files.</returns>
    public static string ResolveFolder(
        string pathOrRepoId, IReadOnlyList<string>? allowPatterns = null, HubOptions? options = null, string? revision = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => ResolveFolderAsync(pathOrRepoId, allowPatterns, options, revision, progress, cancellationToken), cancellationToken)
            .GetAwaiter().GetResult();
}
