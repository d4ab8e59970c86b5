namespace Sharpformers.Hub.Tests.Download;

public sealed class PatternFilterTests
{
    // Expected values follow Python's fnmatch.fnmatchcase semantics, worked out by hand.
    [Theory]
    [InlineData("*.json", "config.json", true)]
    [InlineData("*.json", "onnx/config.json", true)]
    [InlineData("*.json", "config.JSON", false)]
    [InlineData("onnx/", "onnx/model.onnx", true)]
    [InlineData("onnx/", "onnx", false)]
    [InlineData("onnx\\*", "onnx/model.onnx", true)]
    [InlineData("model?.bin", "model1.bin", true)]
    [InlineData("model?.bin", "model12.bin", false)]
    [InlineData("model[0-9].bin", "model7.bin", true)]
    [InlineData("model[!0-9].bin", "model7.bin", false)]
    [InlineData("model[!0-9].bin", "modelx.bin", true)]
    [InlineData("a+b(c).txt", "a+b(c).txt", true)]
    [InlineData("[", "[", true)]
    public void Glob_matches_like_fnmatchcase(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new PatternFilter([pattern], null).Includes(path));

    [Fact]
    public void A_path_is_kept_when_it_matches_an_allow_pattern_and_no_ignore_pattern()
    {
        var filter = new PatternFilter(["*.json", "*.onnx"], ["*/*"]);
        Assert.True(filter.Includes("config.json"));
        Assert.False(filter.Includes("onnx/model.onnx"));
        Assert.False(filter.Includes("README.md"));
        Assert.True(new PatternFilter(null, null).Includes("anything/at/all"));
    }
}
