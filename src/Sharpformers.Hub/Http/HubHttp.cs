using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sharpformers.Hub;

/// <summary>
/// Sends the client's requests: adds the user agent, a trace id and the token (only to the Hub's own scheme, host and
/// port), follows redirects by hand (so a CDN never sees the token), refuses to run in offline mode, and turns error
/// answers into typed exceptions.
/// </summary>
internal sealed class HubHttp
{
    private const int MaxRedirects = 10;
    private static readonly string UserAgent = BuildUserAgent();
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly ILogger _logger;

    public HubHttp(HttpClient client, HubSettings settings, HubRetryOptions retry, ILogger logger)
    {
        _client = client;
        Settings = settings;
        Retry = retry;
        _logger = logger;
        _endpoint = new Uri(settings.Endpoint + "/");
    }

    public HubSettings Settings { get; }

    public HubRetryOptions Retry { get; }

    public string Endpoint => Settings.Endpoint;

    /// <summary>
    /// Sends one request and follows redirects: all of them (<paramref name="followAbsolute"/>), or only relative ones
    /// (the HEAD of a file stops at the first absolute redirect, whose answer carries the metadata).
    /// The caller disposes the response.
    /// </summary>
    public async Task<(HttpResponseMessage Response, Uri FinalUri)> SendAsync(
        HttpMethod method, Uri uri, bool followAbsolute, Action<HttpRequestMessage>? configure, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (Settings.Offline)
        {
            throw new LocalEntryNotFoundException(
                $"Offline mode is enabled (HF_HUB_OFFLINE=1 or HubOptions.Offline): refusing to call {uri.GetLeftPart(UriPartial.Path)}.");
        }

        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.UserAgent.ParseAdd(UserAgent);
            request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", Guid.NewGuid().ToString());
            if (Settings.TokenToSend is { } token && IsHubOrigin(uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            configure?.Invoke(request);
            _logger.LogDebug("{Method} {Url}", method, uri.GetLeftPart(UriPartial.Path));

            HttpResponseMessage response;
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout is { } t)
                {
                    timeoutSource.CancelAfter(t);
                }

                try
                {
                    response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new HubNetworkException($"{method} {uri.GetLeftPart(UriPartial.Path)} timed out after {timeout?.TotalSeconds:0.#} s.", ex);
                }
                catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.NameResolutionError)
                {
                    throw new HubNetworkException($"{method} {uri.GetLeftPart(UriPartial.Path)} failed: the host '{uri.Host}' could not be resolved ({ex.Message})", ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new HubNetworkException($"{method} {uri.GetLeftPart(UriPartial.Path)} failed after {Retry.MaxRetries + 1} attempts: {ex.Message}", ex);
                }
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return (response, uri);
            }

            if (location.IsAbsoluteUri && !followAbsolute)
            {
                return (response, uri);
            }

            response.Dispose();
            if (redirects >= MaxRedirects)
            {
                throw new HubProtocolException($"Too many redirects from {uri.GetLeftPart(UriPartial.Path)}.");
            }

            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
        }
    }

    /// <summary>GETs a JSON document from the Hub API, mapping errors; returns the response for the caller to read.</summary>
    public async Task<HttpResponseMessage> GetApiAsync(Uri uri, HubErrorContext context, CancellationToken cancellationToken)
    {
        var (response, _) = await SendAsync(HttpMethod.Get, uri, followAbsolute: true, null, Settings.EtagTimeout * 3, cancellationToken).ConfigureAwait(false);
        await HubErrors.ThrowIfErrorAsync(response, context).ConfigureAwait(false);
        return response;
    }

    /// <summary>Whether the token may be sent to <paramref name="uri"/>: same scheme, host and port as the endpoint.</summary>
    public bool IsHubOrigin(Uri uri) =>
        Uri.Compare(uri, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary><c>{endpoint}/{prefix}{repo}/resolve/{revision}/{path}</c> with the revision fully escaped and the path escaped but for <c>/</c>.</summary>
    public Uri ResolveUrl(RepoType repoType, string repoId, string revision, string path) =>
        new($"{Endpoint}/{repoType.UrlPrefix()}{repoId}/resolve/{Uri.EscapeDataString(revision)}/{EscapePath(path)}");

    /// <summary><c>{endpoint}/api/{type}s/{repo}[/revision/{revision}]</c>.</summary>
    public Uri RevisionInfoUrl(RepoType repoType, string repoId, string revision) =>
        new($"{Endpoint}/api/{repoType.Plural()}/{repoId}/revision/{Uri.EscapeDataString(revision)}");

    /// <summary><c>{endpoint}/api/{type}s/{repo}/tree/{revision}?recursive=true&amp;expand=false</c>.</summary>
    public Uri TreeUrl(RepoType repoType, string repoId, string revision) =>
        new($"{Endpoint}/api/{repoType.Plural()}/{repoId}/tree/{Uri.EscapeDataString(revision)}?recursive=true&expand=false");

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    private static string BuildUserAgent()
    {
        var version = typeof(HubHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return $"sharpformers/{(plus < 0 ? version : version[..plus])} dotnet/{Environment.Version}";
    }
}
