namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>
/// Every code point through probe tokenizers, HF <c>tokenizers</c> against us: each character question HF asks
/// (BERT clean-up, CJK padding, accent stripping, punctuation, whitespace, digits, regex classes, lowercase, NF*)
/// must get the same answer for all 0x110000 code points.
/// </summary>
public sealed class ExhaustiveUnicodeTests
{
    public static TheoryData<string> ClassificationNames() => new(ProbeCatalog.Classifications.Select(c => c.Name));

    public static TheoryData<string> RegexClassNames() => new(ProbeCatalog.RegexClasses.Concat(ProbeCatalog.Categories.Select(c => $@"\p{{{c}}}")));

    public static TheoryData<string> MappingNames() => new(ProbeCatalog.Mappings.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ClassificationNames))]
    public void Character_classes_match_hugging_face_on_every_code_point(string name)
    {
        var (_, normalizer, preTokenizer) = ProbeCatalog.Classifications.Single(c => c.Name == name);
        using var probe = UnicodeProbe.Classify(name, normalizer, preTokenizer);
        AssertNoDifferences(probe);
    }

    [Theory]
    [MemberData(nameof(RegexClassNames))]
    public void Regex_classes_match_oniguruma_on_every_code_point(string regexClass)
    {
        using var probe = UnicodeProbe.RegexClass(regexClass);
        AssertNoDifferences(probe);
    }

    [Theory]
    [MemberData(nameof(MappingNames))]
    public void Normalizer_output_matches_hugging_face_on_every_code_point(string name)
    {
        var (_, normalizer) = ProbeCatalog.Mappings.Single(c => c.Name == name);
        using var probe = UnicodeProbe.Bytes(name, normalizer);
        AssertNoDifferences(probe);
    }

    private static void AssertNoDifferences(UnicodeProbe probe)
    {
        var diff = probe.Differences(UnicodeProbe.ProbeText);
        var shown = diff.Take(20).Select(cp =>
        {
            var text = UnicodeProbe.ProbeText(cp);
            return $"U+{cp:X4}: hf [{string.Join(',', probe.Hf(text))}] ours [{string.Join(',', probe.Ours(text))}]";
        });
        Assert.True(diff.Count == 0, $"{probe.Name}: {diff.Count} code points differ\n{string.Join('\n', shown)}");
    }
}
