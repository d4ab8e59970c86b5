using System.Text;
using Sharpformers.Tokenization.Tests.Suites;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>Tokens and offsets on cases worked out by hand (offsets are UTF-16 ranges into the original string).</summary>
public sealed class OffsetsTests
{
    [Fact]
    public void Bert_uncased_splits_punctuation_and_points_into_the_original()
    {
        var e = PublishedSuiteTests.Load("tokenizers/bert-base-uncased").Encode("Hello, world!");

        // "Hello, world!": Hello=[0,5) ","=[5,6) world=[7,12) "!"=[12,13); [CLS]/[SEP] added with (0,0).
        Assert.Equal(["[CLS]", "hello", ",", "world", "!", "[SEP]"], e.Tokens);
        Assert.Equal([(0, 0), (0, 5), (5, 6), (7, 12), (12, 13), (0, 0)], e.Offsets);
        Assert.Equal([1, 0, 0, 0, 0, 1], e.SpecialTokensMask);
        Assert.Equal([1, 1, 1, 1, 1, 1], e.AttentionMask);
    }

    [Fact]
    public void Llama_metaspace_tokens_cover_the_space_before_them()
    {
        var e = PublishedSuiteTests.Load("tokenizers/llama-2").Encode("Hello world");

        // The prepended ▁ aligns with 'H'; the ▁ that replaced the space is the space at [5,6).
        Assert.Equal(["<s>", "▁Hello", "▁world"], e.Tokens);
        Assert.Equal([(0, 0), (0, 5), (5, 11)], e.Offsets);
    }

    [Fact]
    public void Roberta_trims_the_leading_space_out_of_offsets()
    {
        var e = PublishedSuiteTests.Load("tokenizers/roberta-base").Encode("Hello world");

        // "Ġworld" covers " world" = [5,11); trim_offsets drops the space: [6,11).
        Assert.Equal(["<s>", "Hello", "Ġworld", "</s>"], e.Tokens);
        Assert.Equal([(0, 0), (0, 5), (6, 11), (0, 0)], e.Offsets);
    }

    [Fact]
    public void Offsets_of_byte_level_tokens_of_an_emoji_cover_its_surrogate_pair()
    {
        var e = PublishedSuiteTests.Load("tokenizers/gpt-neox-20b").Encode("a🙂", addSpecialTokens: false);

        // "a" is [0,1); the emoji is the UTF-16 pair [1,3): every token made of its bytes maps to the whole pair.
        Assert.Equal((0, 1), e.Offsets[0]);
        Assert.True(e.Length >= 2);
        for (var i = 1; i < e.Length; i++)
        {
            Assert.Equal((1, 3), e.Offsets[i]);
        }
    }

    [Fact]
    public void Offsets_after_nfc_point_into_the_decomposed_original()
    {
        var nfd = "Việt".Normalize(NormalizationForm.FormD);
        Assert.Equal(6, nfd.Length);

        var e = PublishedSuiteTests.Load("tokenizers/gpt-neox-20b").Encode(nfd, addSpecialTokens: false);

        // NFC composes 6 chars into 4; the tokens still start at 0 and end at 6 of the caller's string.
        Assert.Equal(0, e.Offsets[0].Start);
        Assert.Equal(6, e.Offsets[^1].End);
        Assert.Equal("Việt", PublishedSuiteTests.Load("tokenizers/gpt-neox-20b").Decode(e.Ids));
    }

    [Fact]
    public void Special_tokens_in_text_are_matched_and_marked_special_for_decoding()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/llama-2");
        var e = tokenizer.Encode("Hi</s>there");

        // "</s>" (id 2) is split out of the text before normalization, so "there" gets its own ▁.
        Assert.Equal(["<s>", "▁Hi", "</s>", "▁there"], e.Tokens);
        Assert.Equal((2, 6), e.Offsets[2]);
        Assert.Equal("Hi there", tokenizer.Decode(e.Ids, skipSpecialTokens: true));
        Assert.Equal("<s> Hi</s> there", tokenizer.Decode(e.Ids));
    }
}
