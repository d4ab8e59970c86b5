using Sharpformers.TestSupport;

namespace Sharpformers.IntegrationTests;

public sealed class FixturesLocatorTests
{
    [Fact]
    public void Default_location_is_shared_fixtures_beside_the_repository()
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "shared", "fixtures")), Fixtures.Locate(null, root));
        Assert.Equal("/data/fx", Fixtures.Locate("/data/fx", root));
    }

    [Fact]
    public void Fixture_models_are_present_with_provenance()
    {
        var gpt2 = Fixtures.Require("models", "tiny-random-gpt2");
        Assert.True(File.Exists(Path.Combine(gpt2, "PROVENANCE.md")), "every fixture folder carries its PROVENANCE.md");
    }
}
