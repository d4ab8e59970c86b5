using System.Net;

namespace Sharpformers.Hub;

/// <summary>What a request was about, to word its error.</summary>
internal readonly record struct HubErrorContext(string RepoId, RepoType RepoType, string? Revision = null, string? FileName = null);

/// <summary>Maps error answers of the Hub to typed exceptions, from the status code and the <c>X-Error-Code</c> header.</summary>
internal static class HubErrors
{
    /// <summary>Throws the exception matching an unsuccessful response (and disposes it); returns for 2xx/3xx.</summary>
    public static async Task ThrowIfErrorAsync(HttpResponseMessage response, HubErrorContext context)
    {
        if ((int)response.StatusCode < 400)
        {
            return;
        }

        string? serverMessage = null;
        try
        {
            serverMessage = response.Headers.TryGetValues("X-Error-Message", out var values) ? values.FirstOrDefault() : null;
            if (serverMessage is null && response.RequestMessage?.Method != HttpMethod.Head)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                serverMessage = body.Length > 300 ? body[..300] : body;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (IOException)
        {
        }

        var exception = Map(response, context, serverMessage);
        response.Dispose();
        throw exception;
    }

    /// <summary>The exception for an error response.</summary>
    public static HubException Map(HttpResponseMessage response, HubErrorContext context, string? serverMessage)
    {
        var status = (int)response.StatusCode;
        var code = Header(response, "X-Error-Code");
        var repo = $"{(context.RepoType == RepoType.Model ? string.Empty : context.RepoType.Singular() + " ")}repository '{context.RepoId}'";
        var detail = string.IsNullOrWhiteSpace(serverMessage) ? string.Empty : $" Server said: {serverMessage.Trim()}";

        HubException result = code switch
        {
            "RepoNotFound" => new RepositoryNotFoundException(
                $"{Capitalize(repo)} not found (or private and no valid token was sent: set HF_TOKEN or HubOptions.Token).", status, code),
            "GatedRepo" => new GatedRepositoryException(
                $"{Capitalize(repo)} is gated: accept its conditions on the Hub with the account of your token, then retry.{detail}", status, code),
            "RevisionNotFound" => new RevisionNotFoundException(
                $"Revision '{context.Revision}' not found in {repo}.", status, code),
            "EntryNotFound" => new EntryNotFoundException(
                $"File '{context.FileName}' not found in {repo} at revision '{context.Revision}'.", status, code)
            {
                CommitHash = Header(response, "X-Repo-Commit"),
            },
            _ when status == (int)HttpStatusCode.Unauthorized => new HubUnauthorizedException(
                $"The Hub refused the token for {repo} (HTTP 401): it is invalid or expired, or the request needs one.{detail}", status, code),
            _ when status == (int)HttpStatusCode.NotFound && context.FileName is not null => new EntryNotFoundException(
                $"File '{context.FileName}' not found in {repo} at revision '{context.Revision}' (HTTP 404).", status, code),
            _ when status == (int)HttpStatusCode.NotFound => new RepositoryNotFoundException(
                $"{Capitalize(repo)} not found (HTTP 404).", status, code),
            _ when status >= 500 || status is 408 or 429 => new HubNetworkException(
                $"The Hub kept failing for {repo} (HTTP {status} {response.ReasonPhrase}) after the retries.{detail}"),
            _ => new HubHttpException($"HTTP {status} {response.ReasonPhrase} for {repo}.{detail}", status, code),
        };
        result.RepoId = context.RepoId;
        return result;
    }

    /// <summary>Whether a failure allows falling back to what the cache already holds (network trouble, missing repo, gated).</summary>
    public static bool AllowsCacheFallback(HubException exception) =>
        exception is HubNetworkException or HubProtocolException or RepositoryNotFoundException or GatedRepositoryException or HubUnauthorizedException;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
