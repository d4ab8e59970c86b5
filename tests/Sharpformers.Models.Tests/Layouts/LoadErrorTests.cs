using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>Loading failures name what was found, what was looked for, and what could not be mapped.</summary>
public sealed class LoadErrorTests
{
    [Fact]
    public void FolderWithoutOnnxListsWhatItFoundAndLookedFor()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine("config.json"), """{"model_type": "toy"}""");
        Directory.CreateDirectory(folder.Combine("onnx"));
        File.WriteAllText(folder.Combine("onnx", "encoder_model.onnx"), "x");
        var error = Assert.Throws<FileNotFoundException>(() => AutoModelForCausalLM.FromPretrained(folder.Path));
        Assert.Contains("onnx/encoder_model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("decoder_model_merged.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("decoder_with_past_model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongDtypeNamesTheVariantsPresent()
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, new ToyOptions(), fileSuffix: "_q4", subFolder: "onnx");
        ToyDecoder.Write(folder.Path, new ToyOptions(), fileSuffix: "_fp16", subFolder: "onnx");
        var error = Assert.Throws<FileNotFoundException>(() => AutoModelForCausalLM.FromPretrained(folder.Path, new ModelOptions { Dtype = "int8" }));
        Assert.Contains("'int8'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fp16", error.Message, StringComparison.Ordinal);
        Assert.Contains("q4", error.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<ArgumentException>(() => AutoModelForCausalLM.FromPretrained(folder.Path, new ModelOptions { Dtype = "fp8" }));
        Assert.Contains("fp8", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("q4", unknown.Message, StringComparison.Ordinal);

        // No default (fp32) file: the error lists the variants that would work.
        var noDefault = Assert.Throws<FileNotFoundException>(() => AutoModelForCausalLM.FromPretrained(folder.Path));
        Assert.Contains("fp16, q4", noDefault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnmappableInputsAreNamed()
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, new ToyOptions(ExtraInput: "token_type_ids"));
        var error = Assert.Throws<InvalidDataException>(() => AutoModelForCausalLM.FromPretrained(folder.Path));
        Assert.Contains("'token_type_ids'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnavailableExecutionProviderIsNamed()
    {
        var folder = Fixtures.Require("models", "tiny-random-gpt2");
        if (OnnxRuntimeInfo.AvailableProviders.Contains("CoreMLExecutionProvider"))
        {
            Assert.Skip("CoreML is available here");
        }

        var error = Assert.Throws<NotSupportedException>(() => AutoModelForCausalLM.FromPretrained(folder, new ModelOptions { ExecutionProvider = ExecutionProvider.CoreML }));
        Assert.Contains("CoreMLExecutionProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionOptionsAreApplied()
    {
        var configured = 0;
        using var model = AutoModelForCausalLM.FromPretrained(
            Fixtures.Require("models", "tiny-random-gpt2"),
            new ModelOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_BASIC, ConfigureSessionOptions = _ => configured++ });
        Assert.Equal(1, configured);
        Assert.Equal(1000, model.VocabSize);
    }

    [Fact]
    public async Task LoadsAsynchronouslyAndHonoursCancellation()
    {
        var folder = Fixtures.Require("models", "tiny-random-gpt2");
        using var model = await AutoModelForCausalLM.FromPretrainedAsync(folder, ct: TestContext.Current.CancellationToken);
        Assert.Equal(5 * 1, model.Slots.Length);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AutoModelForCausalLM.FromPretrainedAsync(folder, ct: new CancellationToken(true)));
    }
}
