using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sharpformers.Hub;

/// <summary>
/// Downloads files and whole repositories from the Hugging Face Hub (or a server speaking its protocol) into the cache
/// Python <c>huggingface_hub</c> uses, so that both share downloads; works offline from that cache.
/// Register it with <see cref="HubServiceCollectionExtensions.AddSharpformersHub"/>, or create one with
/// <see cref="HubClient(HubOptions?)"/>. Thread-safe.
/// </summary>
public sealed class HubClient : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly CacheFileDownloader _cacheFiles;
    private readonly LocalDirFileDownloader _localFiles;
    private readonly SnapshotDownloader _snapshots;

    /// <summary>Creates a client for use without dependency injection (its HTTP stack retries transient failures).</summary>
    /// <param name="options">Settings; <see langword="null"/> properties fall back to the environment (<c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, ...).</param>
    public HubClient(HubOptions? options = null)
        : this(new HttpClient(HubHttpPipeline.Shared, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, (options ?? new HubOptions()).Resolve(),
            HubRetryOptions.Default, NullLogger.Instance, ownsHttpClient: true)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c> (the typed client registered by <see cref="HubServiceCollectionExtensions.AddSharpformersHub"/>).</summary>
    /// <param name="httpClient">A client whose handler does not follow redirects on its own.</param>
    /// <param name="options">Settings; unset properties fall back to the environment.</param>
    /// <param name="logger">Receives debug and warning messages; the token never appears in them.</param>
    [ActivatorUtilitiesConstructor]
    public HubClient(HttpClient httpClient, IOptions<HubOptions> options, ILogger<HubClient>? logger = null)
        : this(httpClient, (options ?? throw new ArgumentNullException(nameof(options))).Value.Resolve(), HubRetryOptions.Default,
            (ILogger?)logger ?? NullLogger.Instance, ownsHttpClient: false)
    {
    }

    internal HubClient(HttpClient httpClient, HubSettings settings, HubRetryOptions retry, ILogger logger, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        Settings = settings;
        var http = new HubHttp(httpClient, settings, retry, logger);
        _cacheFiles = new CacheFileDownloader(http, logger);
        _localFiles = new LocalDirFileDownloader(http);
        _snapshots = new SnapshotDownloader(http, new HubApi(http), _cacheFiles, _localFiles);
    }

    /// <summary>The effective settings (endpoint, cache folder, offline mode, ...).</summary>
    public HubSettings Settings { get; }

    /// <summary>
    /// Downloads one file (huggingface_hub's <c>hf_hub_download</c>) and returns its path in the cache,
    /// <c>{cache}/{type}s--{org}--{name}/snapshots/{commit}/{filename}</c> (or in <see cref="DownloadFileOptions.LocalDir"/>).
    /// A cached commit-hash revision, offline mode and <see cref="DownloadFileOptions.LocalFilesOnly"/> make no network call.
    /// </summary>
    /// <param name="repoId">The repository, <c>org/name</c>.</param>
    /// <param name="filename">The file's path in the repository (<c>/</c>-separated); names escaping the folder are refused.</param>
    /// <param name="revision">Branch, tag or commit (default <c>main</c>).</param>
    /// <param name="options">Repository type, local dir, cache-only and forced download.</param>
    /// <param name="progress">Receives byte counts as the file arrives.</param>
    /// <param name="cancellationToken">Cancels the download; a partial file stays as <c>.incomplete</c> and is resumed next time.</param>
    /// <returns>The local path of the file.</returns>
    /// <exception cref="RepositoryNotFoundException">The repository does not exist or is private.</exception>
    /// <exception cref="GatedRepositoryException">The repository is gated.</exception>
    /// <exception cref="RevisionNotFoundException">The revision does not exist.</exception>
    /// <exception cref="EntryNotFoundException">The file does not exist at that revision.</exception>
    /// <exception cref="HubUnauthorizedException">The token was refused.</exception>
    /// <exception cref="HubNetworkException">The Hub could not be reached after the retries and the file is not cached.</exception>
    /// <exception cref="LocalEntryNotFoundException">Offline (or cache-only) and the file is not cached.</exception>
    /// <exception cref="FileIntegrityException">The bytes did not match the stated size or sha256.</exception>
    /// <exception cref="InvalidRepoPathException">The repo id or file name is unsafe.</exception>
    public Task<string> DownloadFileAsync(
        string repoId, string filename, string? revision = null, DownloadFileOptions? options = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        options ??= new DownloadFileOptions();
        var repo = new RepoCacheFolder(Settings.CacheDir, options.RepoType, repoId);
        revision ??= "main";
        RepoPaths.ValidateRevision(revision);
        var tracker = new ProgressTracker(progress, 1, null);
        return options.LocalDir is { } localDir
            ? _localFiles.DownloadAsync(repo, localDir, revision, filename, options.LocalFilesOnly, options.ForceDownload, tracker, cancellationToken)
            : _cacheFiles.DownloadAsync(repo, revision, filename, options.LocalFilesOnly, options.ForceDownload, tracker, cancellationToken);
    }

    /// <summary>
    /// Downloads a whole repository, or the files the patterns select (huggingface_hub's <c>snapshot_download</c>), in
    /// parallel, and returns the snapshot folder <c>{cache}/{type}s--{org}--{name}/snapshots/{commit}</c> (or the local dir).
    /// Offline, cache-only, or when the Hub cannot be reached, the cached snapshot is returned without any network call.
    /// </summary>
    /// <param name="repoId">The repository, <c>org/name</c>.</param>
    /// <param name="options">Revision, patterns, concurrency, local dir, repository type.</param>
    /// <param name="progress">Receives per-file and overall byte counts.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The local folder.</returns>
    /// <exception cref="HubException">One of the typed errors listed on <see cref="DownloadFileAsync"/>.</exception>
    public Task<string> SnapshotDownloadAsync(
        string repoId, SnapshotOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _snapshots.DownloadAsync(repoId, options ?? new SnapshotOptions(), progress, cancellationToken);

    /// <summary>The cached path of a file at a revision (commit, or branch/tag through <c>refs/</c>), or <see langword="null"/>; never uses the network.</summary>
    /// <param name="repoId">The repository.</param>
    /// <param name="filename">The file's path in the repository.</param>
    /// <param name="revision">Branch, tag or commit (default <c>main</c>).</param>
    /// <param name="repoType">The repository type.</param>
    /// <returns>The snapshot path, or <see langword="null"/> when the file is not cached.</returns>
    public string? TryLoadFromCache(string repoId, string filename, string? revision = null, RepoType repoType = RepoType.Model)
    {
        RepoPaths.ValidateRelativeName(filename);
        return CacheFileDownloader.FromCache(new RepoCacheFolder(Settings.CacheDir, repoType, repoId), revision ?? "main", filename);
    }

    /// <summary>Lists the cached repositories, their revisions, refs and sizes (like <c>huggingface-cli scan-cache</c>).</summary>
    /// <returns>The cache content.</returns>
    public HubCacheInfo ScanCache() => CacheScanner.Scan(Settings.CacheDir);

    /// <summary>
    /// Deletes one cached revision: its snapshot folder, the refs pointing at it and the blobs no other revision uses
    /// (like <c>huggingface-cli delete-cache</c>).
    /// </summary>
    /// <param name="repoId">The repository.</param>
    /// <param name="commitHash">The 40-hex commit of the snapshot to delete.</param>
    /// <param name="repoType">The repository type.</param>
    /// <returns>The bytes freed.</returns>
    /// <exception cref="LocalEntryNotFoundException">The repository or revision is not cached.</exception>
    public long DeleteRevision(string repoId, string commitHash, RepoType repoType = RepoType.Model) =>
        CacheScanner.DeleteRevision(Settings.CacheDir, repoType, repoId, commitHash);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }
}
