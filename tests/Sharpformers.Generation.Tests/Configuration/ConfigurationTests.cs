using Sharpformers.Generation.Configuration;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests.Configuration;

public sealed class ConfigurationTests
{
    public static TheoryData<string, string> InvalidConfigs() => new()
    {
        { "max_new_tokens", """{"max_new_tokens":0}""" },
        { "num_beams", """{"num_beams":0}""" },
        { "num_return_sequences", """{"num_return_sequences":2}""" },
        { "num_return_sequences", """{"num_beams":2,"num_return_sequences":3}""" },
        { "temperature", """{"do_sample":true,"temperature":0}""" },
        { "top_p", """{"top_p":1.5}""" },
        { "top_k", """{"top_k":-1}""" },
        { "min_p", """{"min_p":2}""" },
        { "typical_p", """{"typical_p":0}""" },
        { "repetition_penalty", """{"repetition_penalty":0}""" },
        { "no_repeat_ngram_size", """{"no_repeat_ngram_size":-1}""" },
        { "eos_token_id", """{"eos_token_id":[2,-1]}""" },
        { "bad_words_ids", """{"bad_words_ids":[[]]}""" },
        { "do_sample", """{"do_sample":true,"num_beams":2}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Invalid_values_fail_with_a_message_naming_the_field(string field, string json)
    {
        var config = System.Text.Json.JsonSerializer.Deserialize<GenerationConfig>(json)!;
        var error = Assert.Throws<InvalidGenerationConfigException>(() => GenerationConfigValidator.Validate(config));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Defaults_are_valid() => GenerationConfigValidator.Validate(new GenerationConfig());

    [Fact]
    public void Length_resolution_follows_transformers()
    {
        // max_new_tokens wins: prompt + new.
        Assert.Equal(new GenerationLengths(15, 0), GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = 10, MaxLength = 8 }, 5));
        // default max_length 20 means 20 new tokens, clipped to the position limit.
        Assert.Equal(25, GenerationLengths.Resolve(new GenerationConfig(), 5).MaxLength);
        Assert.Equal(22, GenerationLengths.Resolve(new GenerationConfig(), 5, maxPositionEmbeddings: 22).MaxLength);
        // an explicit 20, or any other value, is a total.
        Assert.Equal(20, GenerationLengths.Resolve(new GenerationConfig(), 5, maxLengthIsExplicit: true).MaxLength);
        Assert.Equal(12, GenerationLengths.Resolve(new GenerationConfig { MaxLength = 12 }, 5).MaxLength);
        // min_new_tokens becomes prompt + min_new_tokens.
        Assert.Equal(8, GenerationLengths.Resolve(new GenerationConfig { MinNewTokens = 3 }, 5).MinLength);
        // the prompt must be shorter than the maximum length.
        var error = Assert.Throws<InvalidGenerationConfigException>(() => GenerationLengths.Resolve(new GenerationConfig { MaxLength = 5 }, 5));
        Assert.Contains("max_length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pad_falls_back_to_the_first_eos()
    {
        var tokens = SpecialTokens.From(new GenerationConfig { EosTokenId = [7, 9] });
        Assert.Equal(7, tokens.PadTokenId);
        Assert.True(tokens.IsEos(9));
    }
}
