using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Loading;

/// <summary>
/// BPE merges are ranked straight from the JSON (no string per part): the "left right" form, the [left, right] form,
/// escaped strings and non-ASCII parts must load as Hugging Face loads them, and a malformed merge still names its path.
/// </summary>
public sealed class MergeLoadingTests
{
    private const string Vocab = """{"h": 0, "é": 1, "l": 2, "o": 3, "hé": 4, "ll": 5, "héll": 6, "\"": 7, "\"o": 8, "##l": 9, "l##": 10, "<unk>": 11}""";

    public static TheoryData<string> MergeLists => new()
    {
        """["h é", "l l", "hé ll", "\" o"]""",
        """[["h", "é"], ["l", "l"], ["hé", "ll"], ["\"", "o"]]""",
        """["h \u00e9", "l\u0020l", "h\u00e9 ll", "\u0022 o"]""",
        """["l l", "h é", "\" o", "hé ll"]""",
        """["hé ll", "h é", "l l", "h é", "\" o"]""",
        """[["\u0068", "é"], ["l", "\u006c"], ["h\u00e9", "l\u006c"], ["\"", "o"]]""",
    };

    [Theory]
    [MemberData(nameof(MergeLists))]
    public void Merges_in_every_form_encode_as_hugging_face_does(string merges)
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{Vocab}}}, "merges": {{{merges}}}, "unk_token": "<unk>"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}""");
        AssertEncodesAsHuggingFace(path);
    }

    /// <summary>The loader first matches merges against the vocabulary's JSON text; keys escaped differently must still match.</summary>
    [Theory]
    [MemberData(nameof(MergeLists))]
    public void Merges_match_vocabulary_keys_written_with_escapes_as_hugging_face_does(string merges)
    {
        const string escapedVocab = """{"h": 0, "\u00e9": 1, "l": 2, "o": 3, "h\u00e9": 4, "\u006cl": 5, "h\u00e9ll": 6, "\"": 7, "\u0022o": 8, "##l": 9, "l##": 10, "<unk>": 11}""";
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{escapedVocab}}}, "merges": {{{merges}}}, "unk_token": "<unk>"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}""");
        AssertEncodesAsHuggingFace(path);
    }

    /// <summary>A token outside the BMP written raw in one value and as an escaped surrogate pair in the other must still match.</summary>
    [Theory]
    [InlineData("""{"😀": 0, "a": 1, "😀a": 2, "a😀": 3, "<unk>": 4}""", """["\ud83d\ude00 a", "a \uD83D\uDE00"]""")]
    [InlineData("""{"\ud83d\ude00": 0, "a": 1, "\ud83d\ude00a": 2, "a\uD83D\uDE00": 3, "<unk>": 4}""", """[["😀", "a"], ["a", "😀"]]""")]
    public void An_emoji_escaped_on_one_side_only_merges_as_hugging_face_does(string vocab, string merges)
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{vocab}}}, "merges": {{{merges}}}, "unk_token": "<unk>"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}""");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        foreach (var text in new[] { "😀a", "a😀", "😀a😀 a😀a", "😀😀" })
        {
            var expected = hf.Encode(text).Select(i => (int)i).ToArray();
            Assert.Equal(expected, ours.Encode(text).Ids.ToArray());
            Assert.Contains(2, ours.Encode("😀a").Ids.ToArray());
        }
    }

    /// <summary>The loader streams <c>vocab</c> and <c>merges</c> wherever they are: merges before the vocabulary, the model after the other sections.</summary>
    [Fact]
    public void Merges_before_the_vocabulary_and_the_model_last_encode_as_hugging_face_does()
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"pre_tokenizer": {"type": "WhitespaceSplit"}, "model": {"merges": ["h é", "l l", "hé ll"], "unk_token": "<unk>", "vocab": {{{Vocab}}}, "type": "BPE"}}""");
        AssertEncodesAsHuggingFace(path);
    }

    /// <summary>A token listed twice in <c>vocab</c>, once escaped: the later id wins for merges too, as in HF.</summary>
    [Fact]
    public void A_token_listed_twice_in_the_vocabulary_merges_with_its_later_id_as_hugging_face_does()
    {
        const string vocab = """{"h": 0, "é": 1, "l": 2, "o": 3, "hé": 4, "ll": 5, "h\u00e9": 6, "<unk>": 7}""";
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{vocab}}}, "merges": ["h é", "l l"], "unk_token": "<unk>"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}""");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        foreach (var text in new[] { "hé", "héll", "ho hé" })
        {
            Assert.Equal(hf.Encode(text).Select(i => (int)i).ToArray(), ours.Encode(text).Ids.ToArray());
        }
    }

    [Fact]
    public void A_continuing_subword_prefix_is_dropped_from_the_right_part_as_hugging_face_does()
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{Vocab}}}, "merges": ["l ##l"], "continuing_subword_prefix": "##", "unk_token": "<unk>"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}""");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        foreach (var text in new[] { "ll", "lll", "hll" })
        {
            Assert.Equal(hf.Encode(text).Select(i => (int)i).ToArray(), ours.Encode(text).Ids.ToArray());
        }
    }

    [Theory]
    [InlineData("""["h é", "ll"]""", "$.model.merges[1]", "a merge must be \"left right\", found 'll'")]
    [InlineData("""["h é", ["l"]]""", "$.model.merges[1]", "a merge must be a pair [left, right]")]
    [InlineData("""[["h", 3]]""", "$.model.merges[0][1]", "expected a string")]
    [InlineData("""["h é", 3]""", "$.model.merges[1]", "expected an array")]
    [InlineData("""["h é", "l x"]""", "$.model.merges[1]", "'x'")]
    [InlineData("""["h é", ["é", "l"]]""", "$.model.merges[1]", "'él'")]
    [InlineData("""{"h": "é"}""", "$.model.merges", "expected an array")]
    public void A_malformed_merge_names_its_json_path(string merges, string jsonPath, string message)
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "BPE", "vocab": {{{Vocab}}}, "merges": {{{merges}}}}}""");
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(path));
        Assert.Equal(jsonPath, e.JsonPath);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[["a", 0.0], ["b"]]""", "$.model.vocab[1]", "expected [piece, score]")]
    [InlineData("""[["a", 0.0], [1, 0.0]]""", "$.model.vocab[1][0]", "expected a string")]
    [InlineData("""[["a", 0.0], ["b", "x"]]""", "$.model.vocab[1][1]", "expected a number")]
    public void A_malformed_unigram_piece_names_its_json_path(string vocab, string jsonPath, string message)
    {
        using var dir = new TemporaryDirectory();
        var path = Write(dir, $$$"""{"model": {"type": "Unigram", "vocab": {{{vocab}}}, "unk_id": 0}}""");
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(path));
        Assert.Equal(jsonPath, e.JsonPath);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Our ids equal HF tokenizers' for texts that exercise every merge of the small vocabularies above.</summary>
    private static void AssertEncodesAsHuggingFace(string path)
    {
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        foreach (var text in new[] { "héllo", "hello \"o", "lléh \"\"oo", "ho hé hél héll héllé" })
        {
            Assert.Equal(hf.Encode(text).Select(i => (int)i).ToArray(), ours.Encode(text).Ids.ToArray());
        }
    }

    private static string Write(TemporaryDirectory dir, string json)
    {
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }
}
