using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sharpformers.Cli.Serving.Errors;

namespace Sharpformers.Cli.Serving.Security;

/// <summary>
/// Keeps web pages from driving a local server: the <c>Host</c> must be one the server is reached by (so DNS rebinding
/// finds nothing), a request from a browser origin not listed in <c>--cors-origins</c> is refused, POST bodies must be
/// declared <c>application/json</c> (a cross-site "simple" request cannot be), and with an API key every <c>/v1</c>
/// request must carry it as <c>Authorization: Bearer</c>. Every refusal is an OpenAI-shaped JSON error.
/// </summary>
internal static class LocalServerGuard
{
    /// <summary>Checks <c>Host</c> and <c>Origin</c> (before CORS, which answers preflights of allowed origins).</summary>
    public static IApplicationBuilder UseHostAndOriginChecks(this IApplicationBuilder app, ServeOptions options) => app.Use(async (context, next) =>
    {
        var host = context.Request.Host.Host;
        if (options.AllowedHosts is { } hosts && !hosts.Contains(host))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, $"the Host header '{context.Request.Host}' is not one this server answers to; start serve with --allowed-hosts to add it", "invalid_host").ConfigureAwait(false);
            return;
        }

        if (context.Request.Headers.Origin is { Count: > 0 } origin && !IsAllowedOrigin(origin.ToString(), options))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, $"requests from the browser origin '{origin}' are refused; start serve with --cors-origins to allow it", "origin_not_allowed").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>Checks the API key, the content type of POST bodies and their declared length (after CORS).</summary>
    public static IApplicationBuilder UseApiKeyAndContentTypeChecks(this IApplicationBuilder app, ServeOptions options) => app.Use(async (context, next) =>
    {
        if (options.ApiKey is { } key && context.Request.Path.StartsWithSegments("/v1") && !HasKey(context.Request, key))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized, "a valid API key is required: send 'Authorization: Bearer <key>'", "invalid_api_key").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !IsJson(context.Request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, $"the request body must be sent as 'Content-Type: application/json', not '{context.Request.ContentType}'", "unsupported_media_type").ConfigureAwait(false);
            return;
        }

        // A declared length over the limit is refused before the body is read (a client sending 'Expect: 100-continue'
        // then never sends it); a body that turns out longer while being read fails there with the same 413.
        if (context.Request.ContentLength > options.MaxRequestBytes)
        {
            context.Response.Headers.Connection = "close";
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, $"the request body is {context.Request.ContentLength} bytes, more than the {options.MaxRequestBytes} this server accepts (serve --max-request-bytes)", "request_too_large").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>
    /// The host names to accept for the addresses the server listens on: the names of loopback for a loopback address,
    /// the address itself otherwise, plus <paramref name="extra"/>; null (any) when it listens on every interface and
    /// no list was given, or when <paramref name="extra"/> holds <c>*</c>.
    /// </summary>
    public static IReadOnlySet<string>? AllowedHosts(IEnumerable<string> urls, IReadOnlyList<string> extra)
    {
        if (extra.Contains("*"))
        {
            return null;
        }

        var hosts = new HashSet<string>(extra, StringComparer.OrdinalIgnoreCase);
        foreach (var url in urls)
        {
            var host = HostOf(url);
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
            {
                if (extra.Count == 0)
                {
                    return null;
                }

                continue;
            }

            hosts.Add(host);
            if (host is "localhost" or "127.0.0.1" or "[::1]" or "::1")
            {
                hosts.UnionWith(["localhost", "127.0.0.1", "[::1]", "::1"]);
            }
        }

        return hosts;
    }

    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        rest = end >= 0 ? rest[..end] : rest;
        if (rest.StartsWith('['))
        {
            return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
        }

        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }

    private static bool IsAllowedOrigin(string origin, ServeOptions options) =>
        options.CorsOrigins.Contains("*") || options.CorsOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool HasKey(HttpRequest request, string key)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(key);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static Task Refuse(HttpContext context, int status, string message, string code) =>
        new OpenAiError(status, message, "invalid_request_error", null, code).WriteAsync(context.Response);
}
