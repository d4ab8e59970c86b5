using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sharpformers.TestSupport;

/// <summary>
/// A loopback Hugging Face Hub: a real Kestrel server on 127.0.0.1 (two ports: the Hub and a "CDN") serving the repos
/// added with <see cref="AddRepo"/> through the Hub's routes and headers: <c>/api/{type}s/{id}[/revision/{rev}]</c> (with
/// <c>sha</c> and <c>siblings</c>), <c>/api/{type}s/{id}/tree/{rev}</c> (optionally paginated with <c>Link</c>),
/// <c>HEAD/GET /{prefix}{id}/resolve/{rev}/{path}</c> with <c>ETag</c>, <c>X-Linked-Etag</c>, <c>X-Repo-Commit</c>,
/// <c>X-Linked-Size</c>, a 302 to <c>/cdn/{sha256}</c> on the CDN port for LFS files, Range requests, tokens, and
/// <c>X-Error-Code</c> errors. <see cref="Faults"/> injects dropped connections, stalls, slow bodies, 5xx bursts and wrong
/// content; every request is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private const int ChunkSize = 1 << 16;
    private readonly ConcurrentDictionary<string, FakeRepo> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeHubRequest> _requests = new();
    private readonly WebApplication _app;
    private int _cdnPort;

    private FakeHub(WebApplication app) => _app = app;

    /// <summary>The Hub base URL, <c>http://127.0.0.1:{port}</c> (set <c>HF_ENDPOINT</c> to it).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The CDN base URL (another port, hence another origin).</summary>
    public string CdnEndpoint { get; private set; } = string.Empty;

    /// <summary>Tokens the server accepts; any other bearer token gets 401.</summary>
    public HashSet<string> ValidTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Old repo id to new repo id: resolve requests under the old id get a relative 307 to the new one.</summary>
    public ConcurrentDictionary<string, string> Renames { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries per page of the tree listing (a <c>Link: rel="next"</c> header leads to the next page).</summary>
    public int TreePageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// Extra routes for other tests (for example an inference API next to the Hub): called first for every request
    /// (after fault injection); returning <see langword="true"/> means the request was answered.
    /// </summary>
    public Func<HttpContext, Task<bool>>? ExtraRoutes { get; set; }

    /// <summary>Fault injection.</summary>
    public FakeHubFaults Faults { get; } = new();

    /// <summary>Every request received so far, in order of arrival.</summary>
    public IReadOnlyList<FakeHubRequest> Requests => [.. _requests];

    /// <summary>Body bytes of files served so far (resolve and CDN routes).</summary>
    public long FileBytesServed => _requests.Sum(r => r.BytesServed);

    /// <summary>Starts the server on two free loopback ports.</summary>
    /// <returns>The running server.</returns>
    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxResponseBufferSize = null;
        });
        var app = builder.Build();
        var hub = new FakeHub(app);
        app.Run(hub.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).OrderBy(u => u.Port).ToList();
        hub.Endpoint = $"http://127.0.0.1:{addresses[0].Port}";
        hub._cdnPort = addresses[1].Port;
        hub.CdnEndpoint = $"http://127.0.0.1:{hub._cdnPort}";
        return hub;
    }

    /// <summary>Adds an empty repository (one initial commit on <c>main</c>).</summary>
    /// <param name="repoId">The repo id.</param>
    /// <param name="type"><c>model</c>, <c>dataset</c> or <c>space</c>.</param>
    /// <returns>The repository, to add files to.</returns>
    public FakeRepo AddRepo(string repoId, string type = "model") => _repos[type + "s/" + repoId] = new FakeRepo(repoId, type);

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var record = new FakeHubRequest(
            context.Request.Method, target, context.Connection.LocalPort == _cdnPort,
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Range.FirstOrDefault());
        _requests.Enqueue(record);

        if (Faults.TakeFailure() is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (ExtraRoutes is { } extra && await extra(context).ConfigureAwait(false))
        {
            return;
        }

        var pathPart = target.Split('?')[0];
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        if (pathPart.StartsWith("/cdn/", StringComparison.Ordinal))
        {
            await ServeCdnAsync(context, record, pathPart["/cdn/".Length..]).ConfigureAwait(false);
        }
        else if (pathPart.StartsWith("/api/", StringComparison.Ordinal))
        {
            await ServeApiAsync(context, pathPart["/api/".Length..], query).ConfigureAwait(false);
        }
        else if (pathPart.Contains("/resolve/", StringComparison.Ordinal))
        {
            await ServeResolveAsync(context, record, pathPart).ConfigureAwait(false);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task ServeApiAsync(HttpContext context, string rest, string query)
    {
        // rest = {type}s/{repo id}[/revision/{rev} | /tree/{rev}[/{path}]]
        var (repo, remainder) = FindRepo(rest);
        if (repo is null)
        {
            Error(context, 401, "RepoNotFound", "Repository not found");
            return;
        }

        if (!Authorize(context, repo, forFiles: false))
        {
            return;
        }

        var segments = remainder.Length == 0 ? [] : remainder.TrimStart('/').Split('/');
        var revision = segments.Length >= 2 ? Uri.UnescapeDataString(segments[1]) : "main";
        var commit = repo.Resolve(revision);
        if (commit is null)
        {
            Error(context, 404, "RevisionNotFound", $"Invalid rev id: {revision}");
            return;
        }

        var files = repo.FilesAt(commit)!;
        if (segments.Length == 0 || segments[0] == "revision")
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = repo.Id,
                sha = commit,
                @private = repo.IsPrivate,
                gated = repo.IsGated ? "auto" : (object)false,
                siblings = files.Keys.Order(StringComparer.Ordinal).Select(p => new { rfilename = p }),
            }).ConfigureAwait(false);
            return;
        }

        if (segments[0] != "tree")
        {
            context.Response.StatusCode = 404;
            return;
        }

        var entries = TreeEntries(files);
        var start = 0;
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("cursor=", StringComparison.Ordinal))
            {
                start = int.Parse(pair["cursor=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var page = entries.Skip(start).Take(TreePageSize).ToList();
        if (start + page.Count < entries.Count)
        {
            var next = $"{Endpoint}/api/{repo.Type}s/{repo.Id}/{string.Join('/', segments)}?recursive=true&expand=false&cursor={start + page.Count}";
            context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }

        await context.Response.WriteAsJsonAsync(page).ConfigureAwait(false);
    }

    private static List<object> TreeEntries(IReadOnlyDictionary<string, FakeFile> files)
    {
        var entries = new List<object>();
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in files.Keys)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                folders.Add(path[..slash]);
            }
        }

        foreach (var folder in folders)
        {
            entries.Add(new { type = "directory", path = folder, oid = "0000000000000000000000000000000000000000" });
        }

        foreach (var file in files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            entries.Add(file.IsLfs
                ? new { type = "file", path = file.Path, size = (long)file.Content.Length, oid = file.PointerSha1, lfs = new { oid = file.Sha256, size = (long)file.Content.Length, pointerSize = file.PointerSize } }
                : (object)new { type = "file", path = file.Path, size = (long)file.Content.Length, oid = file.GitBlobSha1 });
        }

        return entries;
    }

    private async Task ServeResolveAsync(HttpContext context, FakeHubRequest record, string pathPart)
    {
        var resolveAt = pathPart.IndexOf("/resolve/", StringComparison.Ordinal);
        var repoPart = pathPart[1..resolveAt];
        var typed = repoPart.StartsWith("datasets/", StringComparison.Ordinal) || repoPart.StartsWith("spaces/", StringComparison.Ordinal) ? repoPart : "models/" + repoPart;
        var after = pathPart[(resolveAt + "/resolve/".Length)..];
        var slash = after.IndexOf('/', StringComparison.Ordinal);
        var revision = Uri.UnescapeDataString(slash < 0 ? after : after[..slash]);
        var filePath = slash < 0 ? string.Empty : string.Join('/', after[(slash + 1)..].Split('/').Select(Uri.UnescapeDataString));

        var bareId = typed[(typed.IndexOf('/', StringComparison.Ordinal) + 1)..];
        if (Renames.TryGetValue(bareId, out var newId))
        {
            var prefix = typed.StartsWith("models/", StringComparison.Ordinal) ? string.Empty : typed[..(typed.IndexOf('/', StringComparison.Ordinal) + 1)];
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"/{prefix}{newId}/resolve/{after}";
            return;
        }

        if (!_repos.TryGetValue(typed, out var repo))
        {
            Error(context, 401, "RepoNotFound", "Repository not found");
            return;
        }

        if (!Authorize(context, repo, forFiles: true))
        {
            return;
        }

        var commit = repo.Resolve(revision);
        if (commit is null)
        {
            Error(context, 404, "RevisionNotFound", $"Invalid rev id: {revision}");
            return;
        }

        if (!repo.FilesAt(commit)!.TryGetValue(filePath, out var file))
        {
            context.Response.Headers["X-Repo-Commit"] = commit;
            Error(context, 404, "EntryNotFound", $"Entry not found: {filePath}");
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = commit;
        if (file.IsLfs)
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{CdnEndpoint}/cdn/{file.Sha256}?path={Uri.EscapeDataString(file.Path)}";
            context.Response.Headers.ETag = $"\"{file.PointerSha1}\"";
            context.Response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
            context.Response.Headers["X-Linked-Size"] = file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.ContentLength = file.PointerSize;
            }

            OmitHeaders(context);
            return;
        }

        context.Response.Headers.ETag = $"\"{file.GitBlobSha1}\"";
        OmitHeaders(context);
        await ServeBytesAsync(context, record, file).ConfigureAwait(false);
    }

    private async Task ServeCdnAsync(HttpContext context, FakeHubRequest record, string rest)
    {
        var sha = rest;
        var file = _repos.Values.SelectMany(r => r.Files.Values).FirstOrDefault(f => f.IsLfs && f.Sha256 == sha);
        if (file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        await ServeBytesAsync(context, record, file).ConfigureAwait(false);
    }

    private async Task ServeBytesAsync(HttpContext context, FakeHubRequest record, FakeFile file)
    {
        var content = file.Content;
        if (Faults.IsCorrupt(file.Path) && content.Length > 0)
        {
            content = [.. content];
            content[content.Length / 2] ^= 0xFF;
        }

        long start = 0;
        long end = content.Length - 1;
        var range = context.Request.Headers.Range.FirstOrDefault();
        context.Response.Headers.AcceptRanges = "bytes";
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var spec = range["bytes=".Length..].Split('-');
            start = long.Parse(spec[0], System.Globalization.CultureInfo.InvariantCulture);
            if (spec.Length > 1 && spec[1].Length > 0)
            {
                end = Math.Min(end, long.Parse(spec[1], System.Globalization.CultureInfo.InvariantCulture));
            }

            if (start >= content.Length)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{end}/{content.Length}";
        }

        var length = end - start + 1;
        context.Response.ContentLength = length;
        context.Response.ContentType = "application/octet-stream";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var drop = Faults.TakeDrop(file.Path);
        var stall = Faults.TakeStall(file.Path);
        long sent = 0;
        while (sent < length)
        {
            if (Faults.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(Faults.ChunkDelay).ConfigureAwait(false);
            }

            var limit = ChunkSize;
            if (drop is { } d && sent + limit > d)
            {
                limit = (int)Math.Max(0, d - sent);
            }

            if (stall is { } s && sent < s.AfterBytes && sent + limit > s.AfterBytes)
            {
                limit = (int)(s.AfterBytes - sent);
            }

            var count = (int)Math.Min(limit, length - sent);
            if (count > 0)
            {
                record.AddBytes(count);
                await context.Response.Body.WriteAsync(content.AsMemory((int)(start + sent), count)).ConfigureAwait(false);
                sent += count;
            }

            if (drop is { } dropAt && sent >= dropAt)
            {
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                context.Abort();
                return;
            }

            if (stall is { } stallAt && sent == stallAt.AfterBytes)
            {
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(stallAt.Stall, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                stall = null;
            }
        }
    }

    private void OmitHeaders(HttpContext context)
    {
        foreach (var header in Faults.OmittedHeaders)
        {
            context.Response.Headers.Remove(header);
        }
    }

    private bool Authorize(HttpContext context, FakeRepo repo, bool forFiles)
    {
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        string? token = null;
        if (header is not null)
        {
            token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : header;
            if (!ValidTokens.Contains(token))
            {
                Error(context, 401, null, "Invalid credentials in Authorization header");
                return false;
            }
        }

        if (repo.IsPrivate && token is null)
        {
            Error(context, 401, "RepoNotFound", "Repository not found");
            return false;
        }

        if (forFiles && repo.IsGated && (token is null || !repo.GrantedTokens.Contains(token)))
        {
            Error(context, 403, "GatedRepo", $"Access to model {repo.Id} is restricted. You must have access to it and be authenticated to access it.");
            return false;
        }

        return true;
    }

    private (FakeRepo? Repo, string Remainder) FindRepo(string rest)
    {
        // Longest known "{type}s/{id}" prefix of rest.
        foreach (var (key, repo) in _repos.OrderByDescending(p => p.Key.Length))
        {
            if (rest == key || rest.StartsWith(key + "/", StringComparison.Ordinal))
            {
                return (repo, rest[key.Length..]);
            }
        }

        return (null, string.Empty);
    }

    private static void Error(HttpContext context, int status, string? code, string message)
    {
        context.Response.StatusCode = status;
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        context.Response.Headers["X-Error-Message"] = message;
    }
}
