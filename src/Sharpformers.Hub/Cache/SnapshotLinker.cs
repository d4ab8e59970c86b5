using System.Collections.Concurrent;

namespace Sharpformers.Hub;

/// <summary>
/// Makes a snapshot entry point at a blob: a relative symbolic link (<c>../../blobs/&lt;etag&gt;</c>, one more <c>../</c>
/// per sub-folder) where the file system allows it, else a copy (or a move of a freshly downloaded blob, as
/// huggingface_hub does). The entry is created under a temporary name and renamed into place.
/// </summary>
internal static class SnapshotLinker
{
    private static readonly ConcurrentDictionary<string, bool> SymlinkSupport = new(StringComparer.Ordinal);

    /// <summary>Points <paramref name="pointer"/> at <paramref name="blob"/>.</summary>
    /// <param name="blob">The blob file, which exists.</param>
    /// <param name="pointer">The snapshot path to create or replace.</param>
    /// <param name="disableSymlinks">Copy instead of link.</param>
    /// <param name="blobIsNew">The blob was just downloaded: without symlinks it is moved rather than copied.</param>
    public static void Link(string blob, string pointer, bool disableSymlinks, bool blobIsNew)
    {
        var folder = Path.GetDirectoryName(pointer)!;
        Directory.CreateDirectory(folder);
        var temp = AtomicFile.UniqueSibling(pointer, ".tmp");
        try
        {
            if (!disableSymlinks && SymlinksSupported(folder))
            {
                File.CreateSymbolicLink(temp, Path.GetRelativePath(folder, blob));
            }
            else if (blobIsNew)
            {
                File.Move(blob, temp);
            }
            else
            {
                File.Copy(blob, temp);
            }

            File.Move(temp, pointer, overwrite: true);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    private static bool SymlinksSupported(string folder) => SymlinkSupport.GetOrAdd(folder, static dir =>
    {
        var probe = Path.Combine(dir, $".symlink-probe-{Guid.NewGuid():N}");
        try
        {
            File.CreateSymbolicLink(probe, "target");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            AtomicFile.TryDelete(probe);
        }
    });
}
