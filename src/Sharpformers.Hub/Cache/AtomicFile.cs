using System.Security.Cryptography;
using System.Text;

namespace Sharpformers.Hub;

/// <summary>Small files written to a unique temporary name and renamed into place, so readers never see half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no BOM) atomically, creating the folder.</summary>
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, Encoding.UTF8.GetBytes(content));

    /// <summary>Writes bytes atomically, creating the folder.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = UniqueSibling(path, ".tmp");
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>A fresh name beside <paramref name="path"/>: <c>&lt;name&gt;.&lt;8 hex&gt;&lt;suffix&gt;</c>.</summary>
    public static string UniqueSibling(string path, string suffix) =>
        $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}{suffix}";

    /// <summary>Deletes a file, ignoring a missing one and errors (used in clean-up paths).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates <c>CACHEDIR.TAG</c> at the cache root if missing, as huggingface_hub does on first write.</summary>
    public static void EnsureCacheDirTag(string cacheDir)
    {
        var tag = Path.Combine(cacheDir, "CACHEDIR.TAG");
        if (File.Exists(tag))
        {
            return;
        }

        try
        {
            WriteAllText(tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                + "# This file is a cache directory tag created by huggingface_hub.\n"
                + "# For information about cache directory tags, see:\n"
                + "#\thttps://bford.info/cachedir/\n");
        }
        catch (IOException)
        {
            // Best effort, as in huggingface_hub.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
