using Sharpformers.Testing.Models;
using Sharpformers.Testing.Reference;
using Sharpformers.Testing.Tests.Decoding;

namespace Sharpformers.Testing.Tests;

/// <summary>The generated ONNX decoders compute a transformer: cached decode = full forward = plain C# reference, and padding is invisible.</summary>
public sealed class DecoderCorrectnessTests
{
    public static TheoryData<ModelFamily, ExportLayout, TensorPrecision> AllCombinations()
    {
        var data = new TheoryData<ModelFamily, ExportLayout, TensorPrecision>();
        foreach (var family in Enum.GetValues<ModelFamily>())
        {
            foreach (var layout in Enum.GetValues<ExportLayout>())
            {
                data.Add(family, layout, TensorPrecision.Float32);
            }

            data.Add(family, ExportLayout.Optimum, TensorPrecision.Float16);
            data.Add(family, ExportLayout.Genai, TensorPrecision.Float16);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Cached_decode_step_by_step_equals_the_full_forward(ModelFamily family, ExportLayout layout, TensorPrecision precision)
    {
        var options = GeneratedModels.Small(family, layout, precision);
        var (_, folder) = GeneratedModels.Get(options);
        using var runner = new DecoderRunner(folder, options);
        const int prompt = 5, steps = 4, length = prompt + steps;
        var tokens = Batches.RandomTokens(1, length, 3, options.VocabSize);
        var vocab = options.VocabSize;

        var (full, _) = runner.Run(tokens, Batches.Ones(length), Batches.Arange(0, length), 1, null);

        var (prefill, cache) = runner.Run(tokens[..prompt], Batches.Ones(prompt), Batches.Arange(0, prompt), 1, null);
        Tolerance.AssertClose(full.AsSpan(0, prompt * vocab), prefill, Tolerance.SameGraph(precision), "prefill logits");
        for (var t = prompt; t < length; t++)
        {
            var (step, next) = runner.Run([tokens[t]], Batches.Ones(t + 1), [t], 1, cache);
            Tolerance.AssertClose(full.AsSpan(t * vocab, vocab), step, Tolerance.SameGraph(precision), $"logits of cached step at position {t}");
            Assert.Equal(t + 1, next.Length);
            cache = next;
        }
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Full_forward_matches_the_plain_csharp_reference(ModelFamily family, ExportLayout layout, TensorPrecision precision)
    {
        var options = GeneratedModels.Small(family, layout, precision);
        var (model, folder) = GeneratedModels.Get(options);
        using var runner = new DecoderRunner(folder, options);
        var rows = new[] { Batches.RandomTokens(2, 7, 3, options.VocabSize), Batches.RandomTokens(3, 4, 3, options.VocabSize) };
        var (ids, mask, positions) = Batches.LeftPadded(rows, ModelVocabulary.EosTokenId(family));

        var (onnx, _) = runner.Run(ids, mask, positions, 2, null);
        var reference = ReferenceDecoder.Forward(model.Weights, ids, mask, positions, 2, 7);

        // float16 logits carry 11 significant bits: half an ulp is 0.0078 for |logit| in [16, 32); the reference keeps float32.
        var tolerance = precision == TensorPrecision.Float16 ? 2e-2f : 1e-4f;
        Tolerance.AssertClose(reference, onnx, tolerance, "logits of the ONNX decoder vs the C# reference");
        Assert.True(reference.Max() - reference.Min() > 1f, "logits must spread (random weights of order one), or the comparison proves nothing");
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Left_padded_batch_rows_equal_each_row_alone(ModelFamily family, ExportLayout layout, TensorPrecision precision)
    {
        var options = GeneratedModels.Small(family, layout, precision);
        var (_, folder) = GeneratedModels.Get(options);
        using var runner = new DecoderRunner(folder, options);
        var vocab = options.VocabSize;
        var tolerance = Tolerance.SameGraph(precision);
        var rows = new[] { Batches.RandomTokens(4, 6, 3, vocab), Batches.RandomTokens(5, 3, 3, vocab) };
        var next = new long[] { 11, 12 };
        var (ids, mask, positions) = Batches.LeftPadded(rows, ModelVocabulary.EosTokenId(family));
        const int width = 6;

        var (batchPrefill, batchCache) = runner.Run(ids, mask, positions, 2, null);
        long[] stepMask = [.. mask[..width], 1, .. mask[width..], 1];
        var (batchStep, _) = runner.Run(next, stepMask, [6, 3], 2, batchCache);

        for (var r = 0; r < rows.Length; r++)
        {
            var length = rows[r].Length;
            var pads = width - length;
            var (alonePrefill, aloneCache) = runner.Run(rows[r], Batches.Ones(length), Batches.Arange(0, length), 1, null);
            var (aloneStep, _) = runner.Run([next[r]], Batches.Ones(length + 1), [length], 1, aloneCache);
            Tolerance.AssertClose(alonePrefill, batchPrefill.AsSpan(((r * width) + pads) * vocab, length * vocab), tolerance, $"row {r} prompt logits");
            Tolerance.AssertClose(aloneStep, batchStep.AsSpan(r * vocab, vocab), tolerance, $"row {r} next-step logits");
        }
    }
}
