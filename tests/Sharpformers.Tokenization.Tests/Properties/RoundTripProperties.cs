using CsCheck;
using Sharpformers.Tokenization.Tests.Streaming;
using Sharpformers.Tokenization.Tests.Suites;

namespace Sharpformers.Tokenization.Tests.Properties;

/// <summary>Property tests (CsCheck): lossless round trips and streaming that always equals the full decode.</summary>
public sealed class RoundTripProperties
{
    private const string Alphabet = "abcxyzABC 019 .,!?'\"-_\t\nàáạảãâầấậăằđêếệôốộơờớưừứýỳỵ你好世界こんにちはمرحبا";

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char[Alphabet], 0, 40],
        Gen.Select(Gen.String[Gen.Char[Alphabet], 0, 20], Gen.Int[0, 5], (s, k) => s + new[] { "😀", "🇻🇳", "👨‍👩‍👧", "👍🏽", "𝐀", "🙂" }[k]));

    [Theory]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/llama-2")]
    [InlineData("tokenizers/phi-3-mini")]
    public void Decode_of_encode_gives_the_text_back(string fixture)
    {
        // Byte-level BPE without a normalizer and Llama-style byte-fallback BPE are lossless.
        var tokenizer = PublishedSuiteTests.Load(fixture);
        Text.Sample(text =>
        {
            var ids = tokenizer.Encode(text, addSpecialTokens: false).Ids;
            Assert.Equal(text, tokenizer.Decode(ids, skipSpecialTokens: true, cleanUpTokenizationSpaces: false));
        }, iter: 400);
    }

    [Theory]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/llama-2")]
    [InlineData("tokenizers/t5-small")]
    [InlineData("tokenizers/bert-base-uncased")]
    public void Streaming_equals_full_decode_for_encoded_text(string fixture)
    {
        var tokenizer = PublishedSuiteTests.Load(fixture);
        Text.Sample(text =>
        {
            var ids = tokenizer.Encode(text).Ids;
            Assert.Equal(tokenizer.Decode(ids, true, false), StreamingDecoderTests.Stream(tokenizer, ids, out _));
        }, iter: 300);
    }

    [Theory]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/llama-2")]
    public void Streaming_equals_full_decode_for_arbitrary_ids(string fixture)
    {
        // Random ids include lone continuation bytes and invalid UTF-8: the stream still ends equal to the full decode.
        var tokenizer = PublishedSuiteTests.Load(fixture);
        Gen.Int[0, tokenizer.VocabSize - 1].Array[0, 24].Sample(ids =>
        {
            Assert.Equal(tokenizer.Decode(ids, true, false), StreamingDecoderTests.Stream(tokenizer, ids, out _));
        }, iter: 300);
    }
}
