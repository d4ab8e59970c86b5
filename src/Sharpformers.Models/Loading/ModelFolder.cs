using Sharpformers.Hub;

namespace Sharpformers.Models;

/// <summary>
/// Turns the model argument of the <c>FromPretrained</c> methods into a local folder: an existing folder as is, a Hub repo
/// id (<c>org/name</c>) through <see cref="HubModelResolver"/>, fetching only the files that the load needs.
/// </summary>
internal static class ModelFolder
{
    public static string Resolve(string pathOrRepoId, IReadOnlyList<string> files, HubOptions? hub = null, string? revision = null, IProgress<DownloadProgress>? progress = null) =>
        Path.GetFullPath(HubModelResolver.ResolveFolder(pathOrRepoId, files, hub, revision, progress));

    public static async Task<string> ResolveAsync(
        string pathOrRepoId, IReadOnlyList<string> files, HubOptions? hub, string? revision, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        Path.GetFullPath(await HubModelResolver.ResolveFolderAsync(pathOrRepoId, files, hub, revision, progress, cancellationToken).ConfigureAwait(false));
}
