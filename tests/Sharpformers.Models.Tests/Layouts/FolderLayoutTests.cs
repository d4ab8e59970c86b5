using Sharpformers.Models.Tests.Modeling;
using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>How the folder decides the file: genai_config.json, transformers.js_config, download patterns.</summary>
public sealed class FolderLayoutTests
{
    [Fact]
    public void GenAiFolderWithoutConfigJsonUsesItsDecoderAndNames()
    {
        using var folder = new TemporaryDirectory();
        var file = ToyDecoder.Write(folder.Path, new ToyOptions());
        File.Move(file, folder.Combine("decoder.onnx"));
        File.Delete(folder.Combine("config.json"));
        File.WriteAllText(folder.Combine("genai_config.json"), """
            {"model": {"type": "toy", "vocab_size": 8, "context_length": 64, "eos_token_id": [3, 4], "pad_token_id": 0,
              "decoder": {"filename": "decoder.onnx", "num_key_value_heads": 1, "head_size": 1, "num_hidden_layers": 1,
                "inputs": {"past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"present_key_names": "present.%d.key", "present_value_names": "present.%d.value"}}}}
            """);
        using var model = AutoModelForCausalLM.FromPretrained(folder.Path);
        Assert.Equal("toy", model.Config.ModelType);
        Assert.Equal(64, model.Config.MaxPositionEmbeddings);
        Assert.Equal([3, 4], model.GenerationConfig.EosTokenId);
        Assert.Equal(0, model.GenerationConfig.PadTokenId);
        Assert.EndsWith("decoder.onnx", model.Files.Decoder, StringComparison.Ordinal);
        Assert.Equal([3, 4], GenerationConfig.FromPretrained(folder.Path).EosTokenId);

        var reference = new ToyReference(new ToyOptions(), 1);
        using var cache = model.CreateCache(1);
        Logits.AssertClose(reference.Step([1, 2], [1, 1], [0, 1], lastOnly: true), model.Forward(cache, [1, 2], [1, 1], [0, 1]), 1e-3f, "prefill");
        Logits.AssertClose(reference.Step([5], [1, 1, 1], [2], lastOnly: true), model.Forward(cache, [5], [1, 1, 1], [2]), 1e-3f, "step");
    }

    [Fact]
    public void Gpt2FixtureIsReadThroughItsGenAiCombinedPastNames()
    {
        using var model = AutoModelForCausalLM.FromPretrained(Fixtures.Require("models", "tiny-random-gpt2"));
        Assert.Equal(5, model.Slots.Length);
        Assert.Equal("past_0", model.Slots[0].PastName);
        Assert.Equal("present_0", model.Slots[0].PresentName);
        Assert.Equal("[2, batch, 4, sequence, 8]", model.Slots[0].Layout.ToString());
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32, model.Primary.InputIds.ElementType);
    }

    [Fact]
    public void LlamaFixtureHasSeparateFp16KeysAndValues()
    {
        using var model = AutoModelForCausalLM.FromPretrained(Fixtures.Require("models", "tiny-random-llama-fp16"));
        Assert.Equal(["past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"], model.Slots.Select(s => s.PastName));
        Assert.All(model.Slots, s => Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, s.ElementType));
        Assert.Equal("[batch, 1, sequence, 16]", model.Slots[0].Layout.ToString());
    }

    [Fact]
    public void TransformersJsConfigDtypeIsTheDefault()
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, new ToyOptions(), subFolder: "onnx");
        ToyDecoder.Write(folder.Path, new ToyOptions(), fileSuffix: "_q4f16", subFolder: "onnx");
        File.WriteAllText(folder.Combine("config.json"), """{"model_type": "toy", "vocab_size": 8, "transformers.js_config": {"dtype": "q4f16"}}""");
        using var model = AutoModelForCausalLM.FromPretrained(folder.Path);
        Assert.EndsWith("model_q4f16.onnx", model.Files.Decoder, StringComparison.Ordinal);
        Assert.Equal("q4f16", model.Files.Dtype);
    }

    [Fact]
    public void DownloadPatternsCoverOnlyTheChosenVariant()
    {
        var patterns = OnnxModelFiles.DownloadPatterns("q4");
        Assert.Contains("config.json", patterns);
        Assert.Contains("generation_config.json", patterns);
        Assert.Contains("onnx/model_q4.onnx", patterns);
        Assert.Contains("onnx/model_q4.onnx_data*", patterns);
        Assert.Contains("decoder_model_merged_q4.onnx", patterns);
        Assert.DoesNotContain("onnx/model.onnx", patterns);
        Assert.DoesNotContain(patterns, p => p.Contains("_fp16", StringComparison.Ordinal));
        Assert.Contains("model.onnx.data*", OnnxModelFiles.DownloadPatterns(null));
    }
}
