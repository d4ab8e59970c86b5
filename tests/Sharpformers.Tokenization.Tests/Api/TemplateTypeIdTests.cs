using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// A template's type ids reach a single sequence built in place between its special tokens. HF's TemplateProcessing gives
/// every token of <c>$A:n</c> type id n and each special token its own type id, and sets the sequence's type ids even when
/// <c>add_special_tokens</c> is false (only the special tokens are then left out).
/// </summary>
public sealed class TemplateTypeIdTests
{
    private const string Json = """
        {"model": {"type": "WordLevel", "vocab": {"a": 0, "b": 1, "<unk>": 2, "[CLS]": 3, "[SEP]": 4}, "unk_token": "<unk>"},
         "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"}, "decoder": null, "added_tokens": [],
         "post_processor": {"type": "TemplateProcessing",
           "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 2}}, {"Sequence": {"id": "A", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 3}}],
           "pair": [{"Sequence": {"id": "A", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 0}}],
           "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [3], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [4], "tokens": ["[SEP]"]}}}}
        """;

    [Fact]
    public void A_single_sequence_gets_the_template_type_ids_with_and_without_special_tokens()
    {
        using var dir = new TemporaryDirectory();
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, Json);
        var tokenizer = PretrainedTokenizer.FromFile(path);

        var with = tokenizer.Encode("a b a");
        Assert.Equal([3, 0, 1, 0, 4], with.Ids);
        Assert.Equal([2, 1, 1, 1, 3], with.TypeIds);
        Assert.Equal([1, 0, 0, 0, 1], with.SpecialTokensMask);
        Assert.Equal([(0, 0), (0, 1), (2, 3), (4, 5), (0, 0)], with.Offsets);

        var without = tokenizer.Encode("a b a", addSpecialTokens: false);
        Assert.Equal([0, 1, 0], without.Ids);
        Assert.Equal([1, 1, 1], without.TypeIds);

        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        Assert.Equal(hf.Encode("a b a").Select(i => (int)i), with.Ids);
    }
}
