using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Loading;

/// <summary>A malformed or unsupported tokenizer.json fails at load, naming the JSON path and the unknown type.</summary>
public sealed class LoadErrorTests
{
    private const string Valid = """
        {"model": {"type": "WordLevel", "vocab": {"a": 0, "<unk>": 1}, "unk_token": "<unk>"},
         "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"}, "post_processor": null, "decoder": null, "added_tokens": []}
        """;

    [Fact]
    public void A_valid_minimal_file_loads()
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, Valid);
        Assert.Equal([0, 1], PretrainedTokenizer.FromFile(path).Encode("a b").Ids);
    }

    [Theory]
    [InlineData("\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}", "\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Whitespace\"}, {\"type\": \"Frobnicate\"}]}", "$.pre_tokenizer.pretokenizers[1].type", "unknown pre-tokenizer type 'Frobnicate'")]
    [InlineData("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFX\"}", "$.normalizer.type", "unknown normalizer type 'NFX'")]
    [InlineData("\"decoder\": null", "\"decoder\": {\"type\": \"Strip\", \"content\": \" \", \"start\": \"one\", \"stop\": 0}", "$.decoder.start", "expected a non-negative integer")]
    [InlineData("\"vocab\": {\"a\": 0, \"<unk>\": 1}", "\"vocab\": {\"a\": -3, \"<unk>\": 1}", "$.model.vocab[\"a\"]", "expected a non-negative integer")]
    [InlineData("\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}", "\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"(unclosed\"}, \"behavior\": \"Isolated\"}", "$.pre_tokenizer.pattern.Regex", "regex not supported")]
    [InlineData("\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}", "\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"x\"}, \"behavior\": \"Sideways\"}", "$.pre_tokenizer.behavior", "unknown split behavior 'Sideways'")]
    [InlineData("\"post_processor\": null", "\"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"[X]\", \"type_id\": 0}}], \"special_tokens\": {}}", "$.post_processor.single[0].SpecialToken.id", "special token '[X]' is missing")]
    public void Errors_name_the_json_path(string find, string replace, string path, string message)
    {
        using var dir = new TemporaryDirectory();
        var file = Write(dir, Valid.Replace(find, replace, StringComparison.Ordinal));
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(file));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("tokenizer.json: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bpe_merge_outside_the_vocabulary_is_refused_as_hf_does()
    {
        using var dir = new TemporaryDirectory();
        var file = Write(dir, """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}""");
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(file));
        Assert.Equal("$.model.merges[0]", e.JsonPath);
        Assert.Contains("'ab'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_json_is_refused()
    {
        using var dir = new TemporaryDirectory();
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(Write(dir, "{ nope")));
        Assert.Equal("$", e.JsonPath);
    }

    private static string Write(TemporaryDirectory dir, string json)
    {
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }
}
