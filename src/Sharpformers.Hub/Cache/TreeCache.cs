using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpformers.Hub;

/// <summary>A file of a repository at a commit, as listed by the tree API or read back from <c>trees/&lt;commit&gt;.json</c>.</summary>
internal sealed record RepoFile(string Path, long Size, string? BlobId, string? LfsSha256, long? LfsSize, string? XetHash)
{
    /// <summary>The byte count of the real content (LFS size for LFS files).</summary>
    public long ContentSize => LfsSize ?? Size;
}

/// <summary>
/// The tree-listing cache of huggingface_hub, <c>trees/&lt;commit&gt;.json</c>:
/// <c>{"format_version":1,"files":{path:{size,blob_id,lfs_sha256?,lfs_size?,xet_hash?}}}</c>, written atomically.
/// </summary>
internal static class TreeCache
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static IReadOnlyList<RepoFile>? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize<TreeDocument>(File.ReadAllBytes(path), Json);
            if (document?.FormatVersion != 1 || document.Files is null)
            {
                return null;
            }

            var files = new List<RepoFile>(document.Files.Count);
            foreach (var (name, entry) in document.Files)
            {
                files.Add(new RepoFile(name, entry.Size, entry.BlobId, entry.LfsSha256, entry.LfsSize, entry.XetHash));
            }

            return files;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Write(string path, IReadOnlyList<RepoFile> files)
    {
        var document = new TreeDocument { FormatVersion = 1, Files = new Dictionary<string, TreeFile>(StringComparer.Ordinal) };
        foreach (var file in files)
        {
            document.Files[file.Path] = new TreeFile
            {
                Size = file.Size, BlobId = file.BlobId, LfsSha256 = file.LfsSha256, LfsSize = file.LfsSize, XetHash = file.XetHash,
            };
        }

        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(document, Json));
    }

    private sealed class TreeDocument
    {
        [JsonPropertyName("format_version")]
        public int FormatVersion { get; set; }

        [JsonPropertyName("files")]
        public Dictionary<string, TreeFile>? Files { get; set; }
    }

    private sealed class TreeFile
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
}
