using Sharpformers.Generation.Tests.Fixtures;

namespace Sharpformers.Generation.Tests;

/// <summary>Every case of the fixtures' expected/ files, token for token.</summary>
public sealed class ExpectedOutputsTests
{
    public static TheoryData<string, string> Cases => ExpectedGenerationCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_reproduces_the_expected_sequences(string file, string name)
    {
        var testCase = ExpectedGenerationCases.Load(file, name);
        var model = ModelCache.Get(testCase.ModelPath);
        var result = model.Generate(testCase.InputIds, testCase.Config, new GenerationOptions { MaxLengthIsExplicit = true }, TestContext.Current.CancellationToken);
        Assert.Equal(testCase.OutputIds.Length, result.Sequences.Count);
        for (var i = 0; i < testCase.OutputIds.Length; i++)
        {
            Assert.Equal(testCase.OutputIds[i], result.Sequences[i]);
        }
    }
}
