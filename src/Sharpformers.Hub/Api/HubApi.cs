using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sharpformers.Hub;

/// <summary>The two JSON routes snapshot downloads need: revision info (branch or tag to commit) and the recursive tree listing.</summary>
internal sealed partial class HubApi(HubHttp http)
{
    /// <summary>Resolves a revision to its 40-hex commit through <c>GET /api/{type}s/{repo}/revision/{revision}</c>.</summary>
    public async Task<string> ResolveCommitAsync(RepoType repoType, string repoId, string revision, CancellationToken cancellationToken)
    {
        var context = new HubErrorContext(repoId, repoType, revision);
        using var response = await http.GetApiAsync(http.RevisionInfoUrl(repoType, repoId, revision), context, cancellationToken).ConfigureAwait(false);
        RepoRevisionInfo? info;
        try
        {
            info = await response.Content.ReadFromJsonAsync(HubJsonContext.Default.RepoRevisionInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new HubProtocolException($"The revision info of '{repoId}' is not valid JSON.", ex) { RepoId = repoId };
        }

        if (info?.Sha is not { } sha || !RepoPaths.IsCommitHash(sha))
        {
            throw new HubProtocolException($"The revision info of '{repoId}' at '{revision}' has no 40-hex 'sha'.") { RepoId = repoId };
        }

        return sha;
    }

    /// <summary>Lists every file at a commit (<c>recursive=true</c>), following <c>Link: &lt;...&gt;; rel="next"</c> pages.</summary>
    public async Task<IReadOnlyList<RepoFile>> ListFilesAsync(RepoType repoType, string repoId, string commit, CancellationToken cancellationToken)
    {
        var context = new HubErrorContext(repoId, repoType, commit);
        var files = new List<RepoFile>();
        Uri? next = http.TreeUrl(repoType, repoId, commit);
        while (next is not null)
        {
            using var response = await http.GetApiAsync(next, context, cancellationToken).ConfigureAwait(false);
            List<RepoTreeEntry>? page;
            try
            {
                page = await response.Content.ReadFromJsonAsync(HubJsonContext.Default.ListRepoTreeEntry, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new HubProtocolException($"The file listing of '{repoId}' is not valid JSON.", ex) { RepoId = repoId };
            }

            foreach (var entry in page ?? [])
            {
                if (entry.Type == "file")
                {
                    RepoPaths.ValidateRelativeName(entry.Path);
                    files.Add(new RepoFile(entry.Path, entry.Size, entry.Oid, entry.Lfs?.Oid, entry.Lfs?.Size, entry.XetHash));
                }
            }

            next = NextLink(response);
        }

        return files;
    }

    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var match = NextLinkPattern().Match(value);
            if (match.Success && Uri.TryCreate(match.Groups[1].Value, UriKind.Absolute, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?")]
    private static partial Regex NextLinkPattern();
}
