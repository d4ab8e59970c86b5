using System.Text.RegularExpressions;
using Sharpformers.TestSupport;

namespace Sharpformers.IntegrationTests;

public sealed partial class ReadmeTests
{
    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Fact]
    public void Every_csharp_block_of_the_readme_is_compiled_in_the_quick_start_tests()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var code = Normalise(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Sharpformers.IntegrationTests", "ReadmeQuickStarts.cs")));
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();

        Assert.True(blocks.Count >= 3, "the README shows the three quick starts");
        foreach (var block in blocks)
        {
            Assert.True(code.Contains(Normalise(block), StringComparison.Ordinal), $"README block not found verbatim in ReadmeQuickStarts.cs:\n{block}");
        }
    }

    [Fact]
    public void The_readme_commands_are_the_ones_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run"));
        Assert.Contains("dotnet test Sharpformers.sln", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test Sharpformers.sln", ci, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project samples/TextGeneration", readme, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "samples", "TextGeneration", "TextGeneration.csproj")));
    }

    /// <summary>Compares code line by line without indentation or blank lines.</summary>
    private static string Normalise(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
