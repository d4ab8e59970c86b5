namespace Sharpformers.TestSupport;

/// <summary>Locates the repository root: the nearest folder above the test binaries that holds <c>Sharpformers.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> LazyPath = new(Find);

    /// <summary>The absolute path of the repository root.</summary>
    public static string Path => LazyPath.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sharpformers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Sharpformers.sln not found above {AppContext.BaseDirectory}.");
    }
}
