namespace Sharpformers.Hub;

/// <summary>Where a token in <see cref="HubSettings"/> came from.</summary>
public enum TokenSource
{
    /// <summary>No token is available.</summary>
    None,

    /// <summary>Set in code through <see cref="HubOptions.Token"/>.</summary>
    Options,

    /// <summary>The <c>HF_TOKEN</c> (or legacy <c>HUGGING_FACE_HUB_TOKEN</c>) environment variable.</summary>
    Environment,

    /// <summary>The token file (<c>HF_TOKEN_PATH</c>, default <c>{HF_HOME}/token</c>).</summary>
    TokenFile,
}

/// <summary>
/// The effective Hub settings after code options and environment have been combined with <c>huggingface_hub</c>'s
/// precedence rules. Immutable.
/// </summary>
public sealed record HubSettings
{
    /// <summary>The default Hub endpoint.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The default timeout of the metadata request and of a download stall.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Base URL of the Hub, without a trailing slash.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Root of the Hugging Face folders (<c>HF_HOME</c>).</summary>
    public required string HfHome { get; init; }

    /// <summary>Folder of cached repositories (<c>HF_HUB_CACHE</c>).</summary>
    public required string CacheDir { get; init; }

    /// <summary>Token file location (<c>HF_TOKEN_PATH</c>).</summary>
    public required string TokenPath { get; init; }

    /// <summary>The token to send, or <see langword="null"/>. Never printed by <see cref="ToString"/>.</summary>
    public string? Token { get; init; }

    /// <summary>Where <see cref="Token"/> came from.</summary>
    public TokenSource TokenSource { get; init; }

    /// <summary>No network at all: resolve from the cache only.</summary>
    public bool Offline { get; init; }

    /// <summary>Implicit tokens (environment, file) are not sent.</summary>
    public bool DisableImplicitToken { get; init; }

    /// <summary>Snapshot files are copies rather than symbolic links.</summary>
    public bool DisableSymlinks { get; init; }

    /// <summary>Timeout of the metadata request.</summary>
    public TimeSpan EtagTimeout { get; init; } = DefaultTimeout;

    /// <summary>Timeout between bytes of a download.</summary>
    public TimeSpan DownloadTimeout { get; init; } = DefaultTimeout;

    /// <summary>The token that should accompany requests: <see cref="Token"/>, unless implicit tokens are disabled and it was not set in code.</summary>
    public string? TokenToSend => DisableImplicitToken && TokenSource != TokenSource.Options ? null : Token;

    /// <summary>Resolves the settings from the process environment alone.</summary>
    /// <returns>The effective settings.</returns>
    public static HubSettings FromEnvironment() => Resolve(new HubOptions(), System.Environment.GetEnvironmentVariable);

    /// <summary>Combines code options with an environment, code winning.</summary>
    /// <param name="options">Options set in code; <see langword="null"/> properties fall back to the environment.</param>
    /// <param name="getEnvironmentVariable">Reads one environment variable.</param>
    /// <returns>The effective settings.</returns>
    /// <exception cref="ArgumentException">A timeout variable is not a number of seconds.</exception>
    public static HubSettings Resolve(HubOptions options, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string? Env(string name) => NullIfEmpty(getEnvironmentVariable(name));

        var userHome = NullIfEmpty(System.Environment.GetEnvironmentVariable("HOME"))
            ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        string Expand(string path) => PathExpansion.Expand(path, getEnvironmentVariable, userHome);

        var hfHome = options.HfHome is { } h
            ? Expand(h)
            : Expand(Env(HubEnvironmentVariables.Home)
                ?? Path.Combine(Env(HubEnvironmentVariables.XdgCacheHome) ?? Path.Combine(userHome, ".cache"), "huggingface"));
        var cacheDir = options.CacheDir is { } c
            ? Expand(c)
            : Expand(Env(HubEnvironmentVariables.HubCache) ?? Env(HubEnvironmentVariables.LegacyHubCache) ?? Path.Combine(hfHome, "hub"));
        var tokenPath = options.TokenPath is { } t
            ? Expand(t)
            : Expand(Env(HubEnvironmentVariables.TokenPath) ?? Path.Combine(hfHome, "token"));

        var (token, source) = ResolveToken(options.Token, Env, tokenPath);
        var endpoint = (options.Endpoint ?? Env(HubEnvironmentVariables.Endpoint) ?? DefaultEndpoint).TrimEnd('/');

        return new HubSettings
        {
            Endpoint = endpoint,
            HfHome = hfHome,
            CacheDir = cacheDir,
            TokenPath = tokenPath,
            Token = token,
            TokenSource = source,
            Offline = options.Offline
                ?? IsTrue(Env(HubEnvironmentVariables.Offline) ?? Env(HubEnvironmentVariables.TransformersOffline)),
            DisableImplicitToken = options.DisableImplicitToken ?? IsTrue(Env(HubEnvironmentVariables.DisableImplicitToken)),
            DisableSymlinks = options.DisableSymlinks ?? IsTrue(Env(HubEnvironmentVariables.DisableSymlinks)),
            EtagTimeout = ReadSeconds(Env(HubEnvironmentVariables.EtagTimeout), HubEnvironmentVariables.EtagTimeout)
                ?? options.EtagTimeout ?? DefaultTimeout,
            DownloadTimeout = options.DownloadTimeout
                ?? ReadSeconds(Env(HubEnvironmentVariables.DownloadTimeout), HubEnvironmentVariables.DownloadTimeout) ?? DefaultTimeout,
        };
    }

    /// <summary>Whether an environment value means "true" for <c>huggingface_hub</c>: 1, ON, YES or TRUE, any case.</summary>
    /// <param name="value">The raw value, possibly <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for the accepted spellings.</returns>
    public static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    /// <inheritdoc />
    public override string ToString() =>
        $"Endpoint={Endpoint}, CacheDir={CacheDir}, Offline={Offline}, Token={(Token is null ? "unset" : $"set ({TokenSource})")}";

    private static (string? Token, TokenSource Source) ResolveToken(string? explicitToken, Func<string, string?> env, string tokenPath)
    {
        if (CleanToken(explicitToken) is { } fromOptions)
        {
            return (fromOptions, TokenSource.Options);
        }

        if (CleanToken(env(HubEnvironmentVariables.Token) ?? env(HubEnvironmentVariables.LegacyToken)) is { } fromEnv)
        {
            return (fromEnv, TokenSource.Environment);
        }

        try
        {
            if (File.Exists(tokenPath) && CleanToken(File.ReadAllText(tokenPath)) is { } fromFile)
            {
                return (fromFile, TokenSource.TokenFile);
            }
        }
        catch (IOException)
        {
            // An unreadable token file counts as no token, as in huggingface_hub.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return (null, TokenSource.None);
    }

    /// <summary>huggingface_hub's cleaning: CR and LF removed, surrounding whitespace trimmed, empty means none.</summary>
    private static string? CleanToken(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var cleaned = raw.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static TimeSpan? ReadSeconds(string? value, string variable)
    {
        if (value is null)
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new ArgumentException($"Environment variable {variable} must be a positive number of seconds, got '{value}'.", variable);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
