using System.Text.Encodings.Web;
using System.Text.Json;

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
    public static IReadOnlyList<RepoFile>? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(path), HubJsonContext.Default.TreeDocument);
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

    /// <summary>Writes the listing as huggingface_hub does (<c>json.dump(indent=1)</c>, paths sorted), atomically.</summary>
    public static void Write(string path, IReadOnlyList<RepoFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 1, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format_version", 1);
            writer.WriteStartObject("files");
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                writer.WriteStartObject(file.Path);
                writer.WriteNumber("size", file.Size);
                writer.WriteString("blob_id", file.BlobId);
                if (file.LfsSha256 is not null)
                {
                    writer.WriteString("lfs_sha256", file.LfsSha256);
                    if (file.LfsSize is { } lfsSize)
                    {
                        writer.WriteNumber("lfs_size", lfsSize);
                    }
                    else
                    {
                        writer.WriteNull("lfs_size");
                    }
                }

                if (file.XetHash is not null)
                {
                    writer.WriteString("xet_hash", file.XetHash);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }
}
