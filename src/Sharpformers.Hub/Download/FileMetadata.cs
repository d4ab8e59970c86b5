using System.Globalization;

namespace Sharpformers.Hub;

/// <summary>What the HEAD of a resolve URL says about a file: the commit, the blob name (ETag), the size and where to GET it.</summary>
internal sealed record FileMetadata(string CommitHash, string Etag, long Size, Uri Location)
{
    /// <summary>Whether the ETag is a sha256 (an LFS file), which the downloaded bytes must match.</summary>
    public string? ExpectedSha256 => Etag.Length == 64 && Etag.All(char.IsAsciiHexDigitLower) ? Etag : null;

    /// <summary>
    /// HEADs the resolve URL, following relative redirects (renamed repositories) and stopping at the first absolute one
    /// (the CDN), whose answer carries the Hub headers: <c>X-Repo-Commit</c>, <c>X-Linked-Etag</c> or <c>ETag</c>,
    /// <c>X-Linked-Size</c> or (for a non-redirect) <c>Content-Length</c>.
    /// </summary>
    public static async Task<FileMetadata> GetAsync(HubHttp http, Uri resolveUrl, HubErrorContext context, CancellationToken cancellationToken)
    {
        var (response, finalUri) = await http.SendAsync(
            HttpMethod.Head, resolveUrl, followAbsolute: false,
            static request => request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity"),
            http.Settings.EtagTimeout, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            await HubErrors.ThrowIfErrorAsync(response, context).ConfigureAwait(false);
            var isRedirect = (int)response.StatusCode is >= 300 and < 400;
            var commit = Header(response, "X-Repo-Commit")
                ?? throw Missing(context, "X-Repo-Commit");
            var etag = Normalize(Header(response, "X-Linked-Etag") ?? Header(response, "ETag"))
                ?? throw Missing(context, "ETag");
            RepoPaths.ValidateEtag(etag);
            long? size = long.TryParse(Header(response, "X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var linked)
                ? linked
                : isRedirect ? null : response.Content.Headers.ContentLength;
            if (size is null)
            {
                throw Missing(context, "X-Linked-Size or Content-Length");
            }

            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(finalUri, l)) : finalUri;
            return new FileMetadata(commit.Trim(), etag, size.Value, location);
        }
    }

    /// <summary>huggingface_hub's normalisation: leading <c>W</c> and <c>/</c> characters stripped, then surrounding quotes.</summary>
    public static string? Normalize(string? etag) => etag?.TrimStart('W', '/').Trim('"') is { Length: > 0 } e ? e : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static HubProtocolException Missing(HubErrorContext context, string header) => new(
        $"The server's answer for '{context.FileName}' in '{context.RepoId}' has no {header} header: is the endpoint a Hugging Face Hub (or a proxy that strips headers)?")
    {
        RepoId = context.RepoId,
    };
}
