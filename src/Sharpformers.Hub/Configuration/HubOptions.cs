namespace Sharpformers.Hub;

/// <summary>
/// Settings for talking to the Hugging Face Hub and for the local cache. Every property left <see langword="null"/>
/// falls back to the environment exactly as Python <c>huggingface_hub</c> reads it (<c>HF_ENDPOINT</c>,
/// <c>HF_HOME</c>, <c>HF_HUB_CACHE</c>, <c>HF_TOKEN</c>, <c>HF_HUB_OFFLINE</c>, ...); a value set in code wins over the
/// environment. Call <see cref="Resolve()"/> to obtain the effective <see cref="HubSettings"/>.
/// </summary>
/// <remarks>This class is bindable from configuration (for example the <c>Sharpformers</c> section of appsettings.json).</remarks>
public sealed class HubOptions
{
    /// <summary>Base URL of the Hub or of a mirror speaking its protocol (<c>HF_ENDPOINT</c>; default <c>https://huggingface.co</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Access token (<c>HF_TOKEN</c>, then the token file under <see cref="HfHome"/>). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Root folder of the Hugging Face files: token, hub cache (<c>HF_HOME</c>; default <c>~/.cache/huggingface</c>).</summary>
    public string? HfHome { get; set; }

    /// <summary>Folder that holds cached repositories (<c>HF_HUB_CACHE</c>; default <c>{HF_HOME}/hub</c>).</summary>
    public string? CacheDir { get; set; }

    /// <summary>File holding the stored token (<c>HF_TOKEN_PATH</c>; default <c>{HF_HOME}/token</c>).</summary>
    public string? TokenPath { get; set; }

    /// <summary>When <see langword="true"/>, no HTTP call is made and everything is resolved from the cache (<c>HF_HUB_OFFLINE</c>).</summary>
    public bool? Offline { get; set; }

    /// <summary>When <see langword="true"/>, a token found in the environment or token file is not sent unless set in code (<c>HF_HUB_DISABLE_IMPLICIT_TOKEN</c>).</summary>
    public bool? DisableImplicitToken { get; set; }

    /// <summary>When <see langword="true"/>, snapshot files are copies of the blobs instead of symbolic links (<c>HF_HUB_DISABLE_SYMLINKS</c>).</summary>
    public bool? DisableSymlinks { get; set; }

    /// <summary>Time allowed for the metadata (HEAD) request of a file (<c>HF_HUB_ETAG_TIMEOUT</c>; default 10 s).</summary>
    public TimeSpan? EtagTimeout { get; set; }

    /// <summary>Time allowed between bytes of a download (<c>HF_HUB_DOWNLOAD_TIMEOUT</c>; default 10 s).</summary>
    public TimeSpan? DownloadTimeout { get; set; }

    /// <summary>Resolves these options against the process environment.</summary>
    /// <returns>The effective settings.</returns>
    public HubSettings Resolve() => HubSettings.Resolve(this, Environment.GetEnvironmentVariable);

    /// <summary>Resolves these options against an explicit environment (useful for tests and hosts).</summary>
    /// <param name="getEnvironmentVariable">Returns the value of a variable, or <see langword="null"/> when unset.</param>
    /// <returns>The effective settings.</returns>
    public HubSettings Resolve(Func<string, string?> getEnvironmentVariable) => HubSettings.Resolve(this, getEnvironmentVariable);
}
