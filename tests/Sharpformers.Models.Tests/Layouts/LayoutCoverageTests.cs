using Sharpformers.Models.Tests.Modeling;
using Sharpformers.TestSupport;
using static Sharpformers.Models.Tests.Layouts.OnnxGraphBuilder;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>Every export layout runs the same scenario (left-padded prefill, decode, reorder, trim) against the toy decoder's written-out maths.</summary>
public sealed class LayoutCoverageTests
{
    public static TheoryData<ToyOptions> Variants => new(
        new ToyOptions(),
        new ToyOptions(IdsType: OnnxInt32),
        new ToyOptions(Positions: false),
        new ToyOptions(LogitsToKeep: true),
        new ToyOptions(Export: ToyExport.Merged),
        new ToyOptions(Export: ToyExport.Merged, IdsType: OnnxInt32, Positions: false),
        new ToyOptions(Export: ToyExport.Split),
        new ToyOptions(Export: ToyExport.Split, LogitsToKeep: true),
        new ToyOptions(Bloom: true),
        new ToyOptions(KeyValue: true));

    [Theory]
    [MemberData(nameof(Variants))]
    public void DecodesLikeTheReference(ToyOptions options)
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, options);
        using var model = AutoModelForCausalLM.FromPretrained(folder.Path);
        Assert.Equal(ToyDecoder.Vocab, model.VocabSize);
        Assert.Equal(options.Export == ToyExport.Split, model.FirstStep is not null);
        Assert.Equal(options.LogitsToKeep, model.Primary.LogitsToKeep is not null);
        var expectedKeyLayout = options.KeyValue ? "[batch, sequence, 2]" : options.Bloom ? "[batch*2, 1, sequence]" : "[batch, 1, sequence, 1]";
        Assert.Equal(expectedKeyLayout, model.Slots[0].Layout.ToString());
        var reference = new ToyReference(options, 2);
        using var cache = model.CreateCache(2);

        // Prefill: row 0 left-padded by one.
        long[] ids = [0, 5, 6, 1, 2, 3];
        long[] mask = [0, 1, 1, 1, 1, 1];
        long[] positions = [1, 0, 1, 0, 1, 2];
        Logits.AssertClose(reference.Step(ids, mask, positions, lastOnly: false), model.ForwardAllPositions(cache, ids, mask, positions), 1e-3f, "prefill");

        mask = [0, 1, 1, 1, 1, 1, 1, 1];
        Logits.AssertClose(reference.Step([4, 7], mask, [2, 3], lastOnly: true), model.Forward(cache, [4, 7], mask, [2, 3]), 1e-3f, "step 1");

        cache.Reorder([1, 0, 0]);
        reference.Reorder([1, 0, 0]);
        mask = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1];
        Logits.AssertClose(reference.Step([2, 3, 5], mask, [4, 3, 3], lastOnly: true), model.Forward(cache, [2, 3, 5], mask, [4, 3, 3]), 1e-3f, "after reorder");

        cache.Trim(3);
        reference.Trim(3);
        mask = [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1];
        long[] two = [1, 2, 3, 4, 5, 6];
        Logits.AssertClose(
            reference.Step(two, [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1], [3, 4, 2, 3, 2, 3], lastOnly: false),
            model.ForwardAllPositions(cache, two, [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1], [3, 4, 2, 3, 2, 3]),
            1e-3f,
            "after trim");
        Assert.Equal(5, cache.SequenceLength);
    }

    [Fact]
    public void TheDtypeChoosesTheTransformersJsFile()
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, new ToyOptions(), subFolder: "onnx");
        ToyDecoder.Write(folder.Path, new ToyOptions(IdsType: OnnxInt32), fileSuffix: "_q4", subFolder: "onnx");
        using (var fp32 = AutoModelForCausalLM.FromPretrained(folder.Path))
        {
            Assert.EndsWith(Path.Combine("onnx", "model.onnx"), fp32.Files.Decoder, StringComparison.Ordinal);
        }

        using var q4 = AutoModelForCausalLM.FromPretrained(folder.Path, new ModelOptions { Dtype = "q4" });
        Assert.EndsWith(Path.Combine("onnx", "model_q4.onnx"), q4.Files.Decoder, StringComparison.Ordinal);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32, q4.Primary.InputIds.ElementType);
    }
}
