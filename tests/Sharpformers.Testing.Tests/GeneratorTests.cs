using System.Text.Json.Nodes;
using Sharpformers.Testing.Cli;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Testing.Tests;

/// <summary>Seeds, validation, parameter counts, config files and the command line of the generator.</summary>
public sealed class GeneratorTests
{
    [Fact]
    public void Same_seed_writes_identical_bytes_and_another_seed_other_weights()
    {
        using var directory = new TemporaryDirectory();
        var options = GeneratedModels.Small(ModelFamily.Llama, ExportLayout.Optimum) with { Seed = 123 };

        TestModel.Create(options).WriteTo(directory.Combine("a"), TestContext.Current.CancellationToken);
        TestModel.Create(options).WriteTo(directory.Combine("b"), TestContext.Current.CancellationToken);
        TestModel.Create(options with { Seed = 124 }).WriteTo(directory.Combine("c"), TestContext.Current.CancellationToken);

        var a = File.ReadAllBytes(directory.Combine("a", "model.onnx"));
        Assert.Equal(a, File.ReadAllBytes(directory.Combine("b", "model.onnx")));
        Assert.NotEqual(a, File.ReadAllBytes(directory.Combine("c", "model.onnx")));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Cancelled_write_stops_before_the_first_file_and_leaves_nothing()
    {
        using var directory = new TemporaryDirectory();
        var model = GeneratedModels.Get(GeneratedModels.Small(ModelFamily.Gpt2, ExportLayout.Optimum)).Model;

        Assert.Throws<OperationCanceledException>(() => model.WriteTo(directory.Combine("out"), new CancellationToken(canceled: true)));
        Assert.Empty(Directory.GetFiles(directory.Combine("out")));
    }

    [Theory]
    [InlineData(ModelFamily.Llama, 2, 32, 4, 2, 320, 64, 88)]
    [InlineData(ModelFamily.Gpt2, 2, 32, 4, 4, 320, 64, 128)]
    public void Parameter_count_is_the_sum_of_the_architecture_tensors(ModelFamily family, int layers, int hidden, int heads, int kvHeads, int vocab, int positions, int inner)
    {
        var model = TestModel.Create(new TestModelOptions
        {
            Family = family, NumLayers = layers, HiddenSize = hidden, NumHeads = heads, NumKeyValueHeads = kvHeads, VocabSize = vocab, MaxPositions = positions,
        });

        var kv = kvHeads * (hidden / heads);
        long expected = family == ModelFamily.Llama
            // embeddings, head, final norm; per layer: q, k, v, o, two norms, gate/up/down
            ? (vocab * hidden) + (hidden * vocab) + hidden + (layers * ((hidden * hidden) + (2 * hidden * kv) + (hidden * hidden) + (2 * hidden) + (3 * hidden * inner)))
            // tied embeddings, learned positions, final LayerNorm; per layer: q, k, v, o with biases, two LayerNorms, fc in/out with biases
            : (vocab * hidden) + (positions * hidden) + (2 * hidden) + (layers * ((4 * ((hidden * hidden) + hidden)) + (4 * hidden) + (2 * hidden * inner) + inner + hidden));
        Assert.Equal(inner, model.Options.ResolvedIntermediateSize);
        Assert.Equal(expected, model.ParameterCount);
        Assert.Equal(expected, model.Options.ParameterCount);
    }

    [Theory]
    [InlineData(ModelFamily.Llama, 4, 3, "NumKeyValueHeads")]
    [InlineData(ModelFamily.Gpt2, 4, 2, "NumKeyValueHeads")]
    public void Impossible_shapes_are_rejected_naming_the_parameter(ModelFamily family, int heads, int kvHeads, string parameter)
    {
        var options = new TestModelOptions { Family = family, NumHeads = heads, NumKeyValueHeads = kvHeads };

        var error = Assert.Throws<ArgumentException>(() => TestModel.Create(options));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Models_too_large_for_one_onnx_protobuf_are_rejected_before_drawing_weights()
    {
        var options = new TestModelOptions { NumLayers = 40, HiddenSize = 2048, NumHeads = 16, NumKeyValueHeads = 16, VocabSize = 32000 };

        var error = Assert.Throws<ArgumentException>(() => TestModel.Create(options));
        Assert.Contains("more than one ONNX protobuf can hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabulary_too_small_for_the_byte_tokens_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => TestModel.Create(new TestModelOptions { VocabSize = 200 }));
        Assert.Contains("at least 258", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_json_describes_the_generated_shape_in_transformers_names()
    {
        var options = GeneratedModels.Small(ModelFamily.Llama, ExportLayout.Optimum);
        var (_, folder) = GeneratedModels.Get(options);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        var generation = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "generation_config.json")))!;

        Assert.Equal("llama", config["model_type"]!.GetValue<string>());
        Assert.Equal(options.HiddenSize, config["hidden_size"]!.GetValue<int>());
        Assert.Equal(options.NumKeyValueHeads, config["num_key_value_heads"]!.GetValue<int>());
        Assert.Equal(options.NumLayers, config["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal(options.MaxPositions, config["max_position_embeddings"]!.GetValue<int>());
        Assert.Equal(1, generation["eos_token_id"]!.GetValue<int>());
    }

    [Fact]
    public void Command_line_writes_a_folder_and_reports_usage_errors_with_exit_code_2()
    {
        using var directory = new TemporaryDirectory();
        var output = directory.Combine("gpt2");

        var ok = GenerateCommand.Create().Parse(["--family", "gpt2", "--layers", "1", "--hidden", "16", "--heads", "2", "--vocab", "300", "--max-positions", "32", "--dtype", "fp16", "--layout", "split", "--seed", "3", "--out", output]).Invoke();
        var usage = GenerateCommand.Create().Parse(["--family", "gpt2", "--heads", "4", "--kv-heads", "2", "--out", directory.Combine("bad")]).Invoke();

        Assert.Equal(0, ok);
        Assert.True(File.Exists(Path.Combine(output, "decoder_with_past_model.onnx")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!;
        Assert.Equal("float16", config["torch_dtype"]!.GetValue<string>());
        Assert.Equal(16, config["n_embd"]!.GetValue<int>());
        Assert.Equal(2, usage);
        Assert.False(Directory.Exists(directory.Combine("bad")));
    }
}
