using System.Text.Json.Serialization;

namespace Sharpformers.Hub;

/// <summary>One entry of <c>GET /api/{type}s/{repo}/tree/{revision}</c>: a file (with its git oid and LFS data) or a folder.</summary>
internal sealed class RepoTreeEntry
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;

    [JsonPropertyName("path")]
    public string Path { get; set; } = string.Empty;

    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("oid")]
    public string? Oid { get; set; }

    [JsonPropertyName("lfs")]
    public LfsInfo? Lfs { get; set; }

    [JsonPropertyName("xetHash")]
    public string? XetHash { get; set; }

    /// <summary>The <c>lfs</c> object of a tree entry.</summary>
    internal sealed class LfsInfo
    {
        [JsonPropertyName("oid")]
        public string? Oid { get; set; }

        [JsonPropertyName("size")]
        public long Size { get; set; }
    }
}

/// <summary>The fields of <c>GET /api/{type}s/{repo}/revision/{revision}</c> the client uses.</summary>
internal sealed class RepoRevisionInfo
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("sha")]
    public string? Sha { get; set; }
}
