using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests.Configuration;

public sealed class AutoConfigTests
{
    [Fact]
    public void ReadsTheLlamaFixture()
    {
        var config = AutoConfig.FromPretrained(Fixtures.Require("models", "tiny-random-llama-fp16"));
        Assert.Equal("llama", config.ModelType);
        Assert.Equal(["LlamaForCausalLM"], config.Architectures);
        Assert.Equal(32000, config.VocabSize);
        Assert.Equal(16, config.HiddenSize);
        Assert.Equal(2, config.NumHiddenLayers);
        Assert.Equal(1, config.NumAttentionHeads);
        Assert.Equal(1, config.NumKeyValueHeads);
        Assert.Equal(16, config.HeadDim);
        Assert.Equal(2048, config.MaxPositionEmbeddings);
        Assert.Equal(0, config.BosTokenId);
        Assert.Equal([1], config.EosTokenId);
        Assert.Null(config.PadTokenId);
        Assert.Equal("float16", config["torch_dtype"]?.GetString());
    }

    [Fact]
    public void ReadsGpt2AliasesAndDerivesHeadDim()
    {
        var config = PretrainedConfig.Parse("""{"model_type": "gpt2", "n_embd": 32, "n_head": 4, "n_layer": 5, "n_positions": 512, "vocab_size": 1000, "eos_token_id": 98}""");
        Assert.Equal(32, config.HiddenSize);
        Assert.Equal(4, config.NumAttentionHeads);
        Assert.Equal(4, config.NumKeyValueHeads);
        Assert.Equal(8, config.HeadDim);
        Assert.Equal(5, config.NumHiddenLayers);
        Assert.Equal(512, config.MaxPositionEmbeddings);
        Assert.Equal([98], config.EosTokenId);
    }

    [Fact]
    public void ReadsEosListsNestedTextConfigsAndMultiQuery()
    {
        var config = PretrainedConfig.Parse("""
            {"model_type": "gemma3", "eos_token_id": [1, 106], "text_config": {"hidden_size": 640, "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256, "num_hidden_layers": 18}}
            """);
        Assert.Equal([1, 106], config.EosTokenId);
        Assert.Equal(640, config.HiddenSize);
        Assert.Equal(1, config.NumKeyValueHeads);
        Assert.Equal(256, config.HeadDim);
        Assert.True(config.Contains("text_config"));
        Assert.Equal(JsonValueKind.Object, config.Raw.GetProperty("text_config").ValueKind);
        Assert.Null(config["missing"]);

        var falcon = PretrainedConfig.Parse("""{"model_type": "falcon", "hidden_size": 64, "num_attention_heads": 8, "multi_query": true}""");
        Assert.Equal(1, falcon.NumKeyValueHeads);
    }

    [Fact]
    public void MissingFolderAndFileAreClearErrors()
    {
        var missing = Assert.Throws<DirectoryNotFoundException>(() => AutoConfig.FromPretrained("/no/such/model-folder"));
        Assert.Contains("/no/such/model-folder", missing.Message, StringComparison.Ordinal);

        using var empty = new TemporaryDirectory();
        var noConfig = Assert.Throws<FileNotFoundException>(() => AutoConfig.FromPretrained(empty.Path));
        Assert.Contains("config.json", noConfig.Message, StringComparison.Ordinal);

        File.WriteAllText(empty.Combine("config.json"), "{ not json");
        Assert.Throws<InvalidDataException>(() => AutoConfig.FromPretrained(empty.Path));
    }
}
