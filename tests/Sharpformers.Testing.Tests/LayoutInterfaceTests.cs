using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Testing.Tests;

/// <summary>The files, input/output names and shapes of each layout, as ONNX Runtime reads them.</summary>
public sealed class LayoutInterfaceTests
{
    [Fact]
    public void Genai_layout_has_the_interface_of_the_onnxruntime_genai_gpt2_fixture()
    {
        var fixture = Fixtures.Require("models", "tiny-random-gpt2", "past.onnx");
        var options = GeneratedModels.Small(ModelFamily.Gpt2, ExportLayout.Genai) with { NumLayers = 5 };
        var (_, folder) = GeneratedModels.Get(options);
        using var expected = new InferenceSession(fixture);
        using var actual = new InferenceSession(Path.Combine(folder, "model.onnx"));

        AssertSameInterface(expected.InputMetadata, actual.InputMetadata);
        AssertSameInterface(expected.OutputMetadata, actual.OutputMetadata);
    }

    [Theory]
    [InlineData(ExportLayout.Optimum, new[] { "model.onnx" })]
    [InlineData(ExportLayout.Merged, new[] { "decoder_model_merged.onnx" })]
    [InlineData(ExportLayout.Split, new[] { "decoder_model.onnx", "decoder_with_past_model.onnx" })]
    [InlineData(ExportLayout.Genai, new[] { "model.onnx" })]
    public void Folder_holds_the_configs_the_tokenizer_and_the_layout_files(ExportLayout layout, string[] onnxFiles)
    {
        var (_, folder) = GeneratedModels.Get(GeneratedModels.Small(ModelFamily.Llama, layout));

        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        string[] expected = [.. onnxFiles, "config.json", "generation_config.json", "genai_config.json", "tokenizer.json", "tokenizer_config.json"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [InlineData(ModelFamily.Llama, TensorPrecision.Float32)]
    [InlineData(ModelFamily.Llama, TensorPrecision.Float16)]
    [InlineData(ModelFamily.Gpt2, TensorPrecision.Float32)]
    public void Optimum_decoder_declares_the_optimum_inputs_and_cache_shapes(ModelFamily family, TensorPrecision precision)
    {
        var options = GeneratedModels.Small(family, ExportLayout.Optimum, precision);
        var (_, folder) = GeneratedModels.Get(options);
        using var session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        var floatType = precision == TensorPrecision.Float16 ? TensorElementType.Float16 : TensorElementType.Float;

        Assert.Equal(["input_ids", "attention_mask", "position_ids", "past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"], session.InputMetadata.Keys);
        Assert.Equal(["logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"], session.OutputMetadata.Keys);
        Assert.Equal(TensorElementType.Int64, session.InputMetadata["input_ids"].ElementDataType);
        var past = session.InputMetadata["past_key_values.1.value"];
        Assert.Equal(floatType, past.ElementDataType);
        Assert.Equal([-1, options.NumKeyValueHeads, -1, options.HeadDim], past.Dimensions);
        Assert.Equal(["batch_size", "", "past_sequence_length", ""], past.SymbolicDimensions);
        Assert.Equal([-1, -1, options.VocabSize], session.OutputMetadata["logits"].Dimensions);
        Assert.Equal(floatType, session.OutputMetadata["logits"].ElementDataType);
    }

    [Fact]
    public void Merged_decoder_adds_a_bool_use_cache_branch_and_split_pair_differs_only_by_the_past()
    {
        var (_, merged) = GeneratedModels.Get(GeneratedModels.Small(ModelFamily.Gpt2, ExportLayout.Merged));
        var (_, split) = GeneratedModels.Get(GeneratedModels.Small(ModelFamily.Gpt2, ExportLayout.Split));
        using var mergedSession = new InferenceSession(Path.Combine(merged, "decoder_model_merged.onnx"));
        using var withPast = new InferenceSession(Path.Combine(split, "decoder_with_past_model.onnx"));
        using var withoutPast = new InferenceSession(Path.Combine(split, "decoder_model.onnx"));

        var branch = mergedSession.InputMetadata["use_cache_branch"];
        Assert.Equal(TensorElementType.Bool, branch.ElementDataType);
        Assert.Equal([1], branch.Dimensions);
        Assert.Equal([.. withPast.InputMetadata.Keys, "use_cache_branch"], mergedSession.InputMetadata.Keys);
        Assert.Equal(["input_ids", "attention_mask", "position_ids"], withoutPast.InputMetadata.Keys);
        Assert.Equal(withPast.OutputMetadata.Keys, withoutPast.OutputMetadata.Keys);
        Assert.Equal(withPast.OutputMetadata.Keys, mergedSession.OutputMetadata.Keys);
    }

    [Theory]
    [InlineData(ExportLayout.Optimum)]
    [InlineData(ExportLayout.Genai)]
    public void Genai_config_names_are_the_decoder_inputs_and_outputs(ExportLayout layout)
    {
        var options = GeneratedModels.Small(ModelFamily.Llama, layout);
        var (_, folder) = GeneratedModels.Get(options);
        var decoder = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "genai_config.json")))!["model"]!["decoder"]!;
        using var session = new InferenceSession(Path.Combine(folder, decoder["filename"]!.GetValue<string>()));

        var inputs = decoder["inputs"]!.AsObject();
        var outputs = decoder["outputs"]!.AsObject();
        var expectedInputs = new List<string> { inputs["input_ids"]!.GetValue<string>(), inputs["attention_mask"]!.GetValue<string>(), inputs["position_ids"]!.GetValue<string>() };
        var expectedOutputs = new List<string> { outputs["logits"]!.GetValue<string>() };
        for (var i = 0; i < options.NumLayers; i++)
        {
            foreach (var key in new[] { "past_key_names", "past_value_names", "past_names" })
            {
                if (inputs[key] is { } template)
                {
                    expectedInputs.Add(template.GetValue<string>().Replace("%d", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }

            foreach (var key in new[] { "present_key_names", "present_value_names", "present_names" })
            {
                if (outputs[key] is { } template)
                {
                    expectedOutputs.Add(template.GetValue<string>().Replace("%d", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }
        }

        Assert.Equal(expectedInputs.Order(StringComparer.Ordinal), session.InputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expectedOutputs.Order(StringComparer.Ordinal), session.OutputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(options.NumKeyValueHeads, decoder["num_key_value_heads"]!.GetValue<int>());
        Assert.Equal(options.HeadDim, decoder["head_size"]!.GetValue<int>());
    }

    private static void AssertSameInterface(IReadOnlyDictionary<string, NodeMetadata> expected, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, metadata) in expected)
        {
            var ours = actual[name];
            Assert.Equal(metadata.ElementDataType, ours.ElementDataType);
            Assert.Equal(metadata.Dimensions.Length, ours.Dimensions.Length);
            for (var axis = 0; axis < metadata.Dimensions.Length; axis++)
            {
                // Fixed sizes that belong to the architecture (heads, head size, vocabulary) differ; what must agree is
                // which axes are symbolic (batch, lengths) and the fixed leading 2 of the combined cache.
                Assert.Equal(metadata.Dimensions[axis] < 0, ours.Dimensions[axis] < 0);
                if (axis == 0 && name.StartsWith("p", StringComparison.Ordinal) && metadata.Dimensions[axis] == 2)
                {
                    Assert.Equal(2, ours.Dimensions[axis]);
                }
            }
        }
    }
}
