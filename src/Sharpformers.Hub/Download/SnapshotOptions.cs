namespace Sharpformers.Hub;

/// <summary>What <see cref="HubClient.SnapshotDownloadAsync(string, SnapshotOptions?, IProgress{DownloadProgress}?, CancellationToken)"/> fetches and where it puts it.</summary>
public sealed record SnapshotOptions
{
    /// <summary>Branch, tag or commit hash (default <c>main</c>). A cached commit hash needs no network call.</summary>
    public string? Revision { get; init; }

    /// <summary>The repository type (default <see cref="RepoType.Model"/>).</summary>
    public RepoType RepoType { get; init; } = RepoType.Model;

    /// <summary>Globs a file must match one of (fnmatch: <c>*</c> also crosses <c>/</c>); <see langword="null"/> keeps every file.</summary>
    public IReadOnlyList<string>? AllowPatterns { get; init; }

    /// <summary>Globs that exclude a file.</summary>
    public IReadOnlyList<string>? IgnorePatterns { get; init; }

    /// <summary>Files downloaded at the same time (default 8, like huggingface_hub's <c>max_workers</c>).</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// When set, files are written as plain files into this folder (huggingface_hub's <c>local_dir</c> mode, with its
    /// metadata under <c>.cache/huggingface/</c>) instead of the shared cache, and this folder is returned.
    /// </summary>
    public string? LocalDir { get; init; }

    /// <summary>Answer from the cache only, without any network call (huggingface_hub's <c>local_files_only</c>).</summary>
    public bool LocalFilesOnly { get; init; }

    /// <summary>Download again even when the file is cached.</summary>
    public bool ForceDownload { get; init; }
}

/// <summary>Options of <see cref="HubClient.DownloadFileAsync(string, string, string?, DownloadFileOptions?, IProgress{DownloadProgress}?, CancellationToken)"/>.</summary>
public sealed record DownloadFileOptions
{
    /// <summary>The repository type (default <see cref="RepoType.Model"/>).</summary>
    public RepoType RepoType { get; init; } = RepoType.Model;

    /// <summary>When set, the file is written as a plain file into this folder (huggingface_hub's <c>local_dir</c> mode).</summary>
    public string? LocalDir { get; init; }

    /// <summary>Answer from the cache only, without any network call.</summary>
    public bool LocalFilesOnly { get; init; }

    /// <summary>Download again even when the file is cached.</summary>
    public bool ForceDownload { get; init; }
}
