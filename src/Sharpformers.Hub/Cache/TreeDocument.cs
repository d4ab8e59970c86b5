using System.Text.Json.Serialization;

namespace Sharpformers.Hub;

/// <summary>The <c>trees/&lt;commit&gt;.json</c> document as read back.</summary>
internal sealed class TreeDocument
{
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; }

    [JsonPropertyName("files")]
    public Dictionary<string, TreeFile>? Files { get; set; }
}

/// <summary>One file entry of <see cref="TreeDocument.Files"/>.</summary>
internal sealed class TreeFile
{
    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("blob_id")]
    public string? BlobId { get; set; }

    [JsonPropertyName("lfs_sha256")]
    public string? LfsSha256 { get; set; }

    [JsonPropertyName("lfs_size")]
    public long? LfsSize { get; set; }

    [JsonPropertyName("xet_hash")]
    public string? XetHash { get; set; }
}
