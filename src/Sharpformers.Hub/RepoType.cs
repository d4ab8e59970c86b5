namespace Sharpformers.Hub;

/// <summary>The kind of Hub repository; it selects the URL prefix, the API route and the cache folder prefix.</summary>
public enum RepoType
{
    /// <summary>A model repository (<c>models--org--name</c> in the cache, no URL prefix).</summary>
    Model,

    /// <summary>A dataset repository (<c>datasets/</c> URL prefix, <c>datasets--org--name</c> in the cache).</summary>
    Dataset,

    /// <summary>A Space repository (<c>spaces/</c> URL prefix, <c>spaces--org--name</c> in the cache).</summary>
    Space,
}

/// <summary>The spellings of <see cref="RepoType"/> in URLs, API routes and cache folder names.</summary>
internal static class RepoTypeNames
{
    /// <summary>The plural used by the API and the cache folders: <c>models</c>, <c>datasets</c>, <c>spaces</c>.</summary>
    public static string Plural(this RepoType type) => type switch
    {
        RepoType.Model => "models",
        RepoType.Dataset => "datasets",
        RepoType.Space => "spaces",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown repository type"),
    };

    /// <summary>The prefix of file URLs: empty for models, <c>datasets/</c> or <c>spaces/</c> otherwise.</summary>
    public static string UrlPrefix(this RepoType type) => type == RepoType.Model ? string.Empty : type.Plural() + "/";

    /// <summary>The singular name used on the command line and in reports: <c>model</c>, <c>dataset</c>, <c>space</c>.</summary>
    public static string Singular(this RepoType type) => type.Plural()[..^1];

    /// <summary>Parses <c>model</c>, <c>dataset</c> or <c>space</c> (any case; plural accepted).</summary>
    public static bool TryParse(string? text, out RepoType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "model" or "models":
                type = RepoType.Model;
                return true;
            case "dataset" or "datasets":
                type = RepoType.Dataset;
                return true;
            case "space" or "spaces":
                type = RepoType.Space;
                return true;
            default:
                type = RepoType.Model;
                return false;
        }
    }
}
