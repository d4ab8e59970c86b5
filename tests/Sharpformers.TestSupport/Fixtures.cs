using Xunit;

namespace Sharpformers.TestSupport;

/// <summary>
/// Finds the third-party fixtures (real models, tokenizers, expected outputs) that live outside the repository:
/// env <c>SHARPFORMERS_FIXTURES</c>, else <c>../shared/fixtures</c> from the repository root. Tests that need them
/// call <see cref="Require(string[])"/>, which reports the test as skipped, with the reason, when they are absent.
/// </summary>
public static class Fixtures
{
    /// <summary>The environment variable that overrides the fixtures folder.</summary>
    public const string EnvironmentVariable = "SHARPFORMERS_FIXTURES";

    private static readonly Lazy<string> LazyRoot = new(() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), RepositoryRoot.Path));

    /// <summary>The folder where fixtures are expected (it may not exist).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Whether the fixtures folder is present.</summary>
    public static bool Available => Directory.Exists(Root);

    /// <summary>Returns the path of a fixture file or folder, or skips the calling test when it is absent.</summary>
    /// <param name="relative">Path parts below the fixtures root, e.g. <c>"models", "tiny-random-gpt2"</c>.</param>
    /// <returns>The full path, which exists.</returns>
    public static string Require(params string[] relative)
    {
        var path = Path.Combine([Root, .. relative]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip(Available
                ? $"fixture '{Path.Combine(relative)}' is missing from {Root}"
                : $"third-party fixtures not found at {Root} (set {EnvironmentVariable} or place ../shared/fixtures beside the repository)");
        }

        return path;
    }

    /// <summary>The fixtures folder for a given override and repository root (the rule behind <see cref="Root"/>).</summary>
    /// <param name="overridePath">Value of <see cref="EnvironmentVariable"/>, or <see langword="null"/>.</param>
    /// <param name="repositoryRoot">The repository root.</param>
    /// <returns>The absolute fixtures folder.</returns>
    public static string Locate(string? overridePath, string repositoryRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(overridePath)
            ? Path.Combine(repositoryRoot, "..", "shared", "fixtures")
            : overridePath);
}
