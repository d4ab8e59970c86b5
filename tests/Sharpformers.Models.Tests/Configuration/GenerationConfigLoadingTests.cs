using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests.Configuration;

/// <summary>transformers' rule: generation_config.json, when present, replaces the fields derived from config.json.</summary>
public sealed class GenerationConfigLoadingTests
{
    [Fact]
    public void WithoutGenerationConfigJsonTheModelConfigFieldsCount()
    {
        var config = GenerationConfig.FromPretrained(Fixtures.Require("models", "tiny-random-gpt2"));
        Assert.Equal([98], config.EosTokenId);
        Assert.Equal(98, config.BosTokenId);
        Assert.Equal(98, config.PadTokenId);
        Assert.Equal(GenerationConfig.DefaultMaxLength, config.MaxLength);
        Assert.True(config.UseCache);
    }

    [Fact]
    public void GenerationConfigJsonReplacesConfigJson()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("config.json"), """{"eos_token_id": 2, "bos_token_id": 1, "max_length": 77, "temperature": 0.3}""");
        File.WriteAllText(folder.Combine("generation_config.json"), """{"eos_token_id": [2, 32007], "do_sample": true, "top_p": 0.9, "transformers_version": "4.44.0", "pad_token_id": null}""");
        var config = GenerationConfig.FromPretrained(folder.Path);
        Assert.Equal([2, 32007], config.EosTokenId);
        Assert.True(config.DoSample);
        Assert.Equal(0.9f, config.TopP);

        // Fields only config.json sets are not merged in: transformers keeps the GenerationConfig defaults.
        Assert.Null(config.BosTokenId);
        Assert.Equal(GenerationConfig.DefaultMaxLength, config.MaxLength);
        Assert.Equal(1.0f, config.Temperature);
        Assert.Null(config.PadTokenId);
    }

    [Fact]
    public void ModelConfigFieldsComeFromTheDecoderSubConfigWhenAbsentAtTheTop()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("config.json"), """{"model_type": "x", "eos_token_id": 5, "max_length": 20, "text_config": {"eos_token_id": 9, "pad_token_id": 0, "no_repeat_ngram_size": 3, "max_length": 64}}""");
        var config = GenerationConfig.FromPretrained(folder.Path);
        Assert.Equal([5], config.EosTokenId);
        Assert.Equal(64, config.MaxLength); // the top-level value equals the default, so the decoder's counts
        Assert.Equal(0, config.PadTokenId);
        Assert.Equal(3, config.NoRepeatNgramSize);
    }

    [Fact]
    public void EmptyFolderGivesDefaultsAndBadValuesAreNamed()
    {
        using var folder = new TemporaryDirectory();
        Assert.Equal(GenerationConfig.DefaultMaxLength, GenerationConfig.FromPretrained(folder.Path).MaxLength);

        File.WriteAllText(folder.Combine("generation_config.json"), """{"early_stopping": "sometimes"}""");
        var error = Assert.Throws<InvalidDataException>(() => GenerationConfig.FromPretrained(folder.Path));
        Assert.Contains("generation_config.json", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => GenerationConfig.FromPretrained(folder.Combine("missing")));
    }

    [Fact]
    public void TheModelExposesItsGenerationConfig()
    {
        using var model = AutoModelForCausalLM.FromPretrained(Fixtures.Require("models", "tiny-random-llama-fp16"));
        Assert.Equal([1], model.GenerationConfig.EosTokenId);
        Assert.Equal(0, model.GenerationConfig.BosTokenId);
        Assert.Equal(32000, model.VocabSize);
        Assert.Equal(Path.GetFullPath(Fixtures.Require("models", "tiny-random-llama-fp16")), model.ModelDirectory);
    }
}
