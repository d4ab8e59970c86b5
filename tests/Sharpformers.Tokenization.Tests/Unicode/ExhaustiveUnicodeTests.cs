namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>
/// Every code point through probe tokenizers, HF <c>tokenizers</c> against us: each character question HF asks
/// (BERT clean-up, CJK padding, accent stripping, punctuation, whitespace, digits, regex classes, lowercase, NF*)
/// must get the same answer for all 0x110000 code points.
/// </summary>
public sealed class ExhaustiveUnicodeTests
{
    /// <summary>Probes that still differ (issue 16, open): \w in Oniguruma (Alphabetic, marks, Join_Control) vs .NET's,
    /// Rust's is_numeric for Digits, StripAccents' mark set, and NF* on code points .NET's normaliser refuses or decomposes
    /// with newer data than HF's unicode-normalization tables (e.g. U+1FBF0 under NFKC).</summary>
    public static readonly string[] Known = [@"\w", @"[^\w\s]", "digits", "whitespace", "strip-accents", "bert-strip-accents", "nfc", "nfd", "nfkc", "nfkd", "bert-normalizer"];

    public static TheoryData<string> ClassificationNames() => new(ProbeCatalog.Classifications.Select(c => c.Name).Except(Known));

    public static TheoryData<string> RegexClassNames() => new(ProbeCatalog.RegexClasses.Concat(ProbeCatalog.Categories.Select(c => $@"\p{{{c}}}")).Except(Known));

    public static TheoryData<string> MappingNames() => new(ProbeCatalog.Mappings.Select(c => c.Name).Except(Known));

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
