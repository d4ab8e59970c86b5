namespace Sharpformers.Hub;

/// <summary>Names of the environment variables honoured by Sharpformers, identical to those of <c>huggingface_hub</c>.</summary>
public static class HubEnvironmentVariables
{
    /// <summary>Base URL of the Hub.</summary>
    public const string Endpoint = "HF_ENDPOINT";

    /// <summary>Root of the Hugging Face folders.</summary>
    public const string Home = "HF_HOME";

    /// <summary>Folder of cached repositories.</summary>
    public const string HubCache = "HF_HUB_CACHE";

    /// <summary>Legacy name of <see cref="HubCache"/>.</summary>
    public const string LegacyHubCache = "HUGGINGFACE_HUB_CACHE";

    /// <summary>Access token.</summary>
    public const string Token = "HF_TOKEN";

    /// <summary>Legacy name of <see cref="Token"/>.</summary>
    public const string LegacyToken = "HUGGING_FACE_HUB_TOKEN";

    /// <summary>File that stores the token.</summary>
    public const string TokenPath = "HF_TOKEN_PATH";

    /// <summary>Offline mode switch.</summary>
    public const string Offline = "HF_HUB_OFFLINE";

    /// <summary>Fallback offline switch read when <see cref="Offline"/> is unset.</summary>
    public const string TransformersOffline = "TRANSFORMERS_OFFLINE";

    /// <summary>Do not send an implicit token.</summary>
    public const string DisableImplicitToken = "HF_HUB_DISABLE_IMPLICIT_TOKEN";

    /// <summary>Copy files into snapshots instead of linking them.</summary>
    public const string DisableSymlinks = "HF_HUB_DISABLE_SYMLINKS";

    /// <summary>Seconds allowed for the metadata request.</summary>
    public const string EtagTimeout = "HF_HUB_ETAG_TIMEOUT";

    /// <summary>Seconds allowed between bytes of a download.</summary>
    public const string DownloadTimeout = "HF_HUB_DOWNLOAD_TIMEOUT";

    /// <summary>Base of the per-user cache folders on XDG systems (honoured on every OS, as Python does).</summary>
    public const string XdgCacheHome = "XDG_CACHE_HOME";
}
