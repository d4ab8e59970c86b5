namespace Sharpformers.Models.Tests.Modeling;

/// <summary>Logits of both fixture models against a hand-written ONNX Runtime run, and cached decoding against a no-cache forward.</summary>
public sealed class ForwardTests
{
    private static readonly long[] Prompt = [52, 195, 731, 321, 301, 734, 620];

    [Fact]
    public void Gpt2LogitsMatchDirectRun()
    {
        var fixture = FixtureModel.Gpt2;
        using var model = fixture.Load();
        using var cache = model.CreateCache(1);
        var n = Prompt.Length;
        var logits = model.ForwardAllPositions(cache, Prompt, Ones(n), Range(n)).ToArray();

        var expected = DirectRun.Gpt2(fixture.Folder, [[.. Prompt.Select(i => (int)i)]], [Enumerable.Repeat(1, n).ToArray()], [Enumerable.Range(0, n).ToArray()]);
        Assert.Equal(n * 1000, expected.Length);
        Logits.AssertClose(expected, logits, 1e-5f, "gpt2 all positions");
        Assert.True(Logits.MaxAbs(expected) > 0);
    }

    [Fact]
    public void LlamaFp16LogitsMatchDirectRun()
    {
        var fixture = FixtureModel.LlamaFp16;
        using var model = fixture.Load();
        using var cache = model.CreateCache(1);
        var n = Prompt.Length;
        var logits = model.ForwardAllPositions(cache, Prompt, Ones(n), Range(n)).ToArray();

        var expected = DirectRun.LlamaFp16(fixture.Folder, [Prompt], [Ones(n)], [Range(n)]);
        Assert.Equal(n * 32000, expected.Length);
        Logits.AssertClose(expected, logits, 0f, "llama fp16 all positions");
        Assert.True(Logits.MaxAbs(expected) > 0);
    }

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void ForwardReturnsTheLastPositionOfForwardAllPositions(string name)
    {
        using var model = FixtureModel.ByName(name).Load();
        using var all = model.CreateCache(1);
        using var last = model.CreateCache(1);
        var n = Prompt.Length;
        var vocab = model.VocabSize;
        var full = model.ForwardAllPositions(all, Prompt, Ones(n), Range(n)).ToArray();
        var lastOnly = model.Forward(last, Prompt, Ones(n), Range(n)).ToArray();
        Assert.Equal(vocab, lastOnly.Length);
        Logits.AssertClose(full.AsSpan((n - 1) * vocab, vocab), lastOnly, 0f, "last position");
        Assert.Equal(n, all.SequenceLength);
        Assert.Equal(n, last.SequenceLength);
    }

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void StepByStepDecodeEqualsFullForwardPerPosition(string name)
    {
        var fixture = FixtureModel.ByName(name);
        using var model = fixture.Load();
        var vocab = model.VocabSize;
        var n = Prompt.Length;
        using var fullCache = model.CreateCache(1);
        var full = model.ForwardAllPositions(fullCache, Prompt, Ones(n), Range(n)).ToArray();

        // Prefill the first 3 tokens, then feed one token at a time.
        using var cache = model.CreateCache(1);
        var prefill = model.ForwardAllPositions(cache, Prompt.AsSpan(0, 3), Ones(3), Range(3)).ToArray();
        Logits.AssertClose(full.AsSpan(0, 3 * vocab), prefill, fixture.Tolerance, "prefill");
        for (var position = 3; position < n; position++)
        {
            var step = model.Forward(cache, Prompt.AsSpan(position, 1), Ones(position + 1), [position]);
            Logits.AssertClose(full.AsSpan(position * vocab, vocab), step, fixture.Tolerance, $"position {position}");
        }

        Assert.Equal(n, cache.SequenceLength);
    }

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void LeftPaddedBatchMatchesSingleRows(string name)
    {
        var fixture = FixtureModel.ByName(name);
        using var model = fixture.Load();
        var vocab = model.VocabSize;
        long[] shortPrompt = [195, 731, 321];
        long[] longPrompt = [41, 554, 74, 622, 206];
        const long pad = 0;

        // Row 0 has two left pads: mask 0 there, positions as transformers (cumsum(mask) - 1, pads -> 1).
        using var batch = model.CreateCache(2);
        long[] ids = [pad, pad, .. shortPrompt, .. longPrompt];
        long[] mask = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
        long[] positions = [1, 1, 0, 1, 2, 0, 1, 2, 3, 4];
        var batched = model.Forward(batch, ids, mask, positions).ToArray();

        using var single0 = model.CreateCache(1);
        using var single1 = model.CreateCache(1);
        var expected0 = model.Forward(single0, shortPrompt, Ones(3), Range(3)).ToArray();
        var expected1 = model.Forward(single1, longPrompt, Ones(5), Range(5)).ToArray();
        Logits.AssertClose(expected0, Logits.Row(batched, 0, vocab), fixture.Tolerance, "padded row, prefill");
        Logits.AssertClose(expected1, Logits.Row(batched, 1, vocab), fixture.Tolerance, "full row, prefill");

        // Two decode steps: the mask grows by one column of ones.
        long[] next = [7, 9];
        for (var step = 0; step < 2; step++)
        {
            mask = [.. mask[..(5 + step)], 1, .. mask[(5 + step)..], 1];
            var width = 5 + step + 1;
            var stepLogits = model.Forward(batch, next, mask, [3 + step, 5 + step]).ToArray();
            var e0 = model.Forward(single0, next.AsSpan(0, 1), Ones(3 + step + 1), [3 + step]).ToArray();
            var e1 = model.Forward(single1, next.AsSpan(1, 1), Ones(5 + step + 1), [5 + step]).ToArray();
            Assert.Equal(2 * width, mask.Length);
            Logits.AssertClose(e0, Logits.Row(stepLogits, 0, vocab), fixture.Tolerance, $"padded row, step {step}");
            Logits.AssertClose(e1, Logits.Row(stepLogits, 1, vocab), fixture.Tolerance, $"full row, step {step}");
        }
    }

    internal static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    internal static long[] Range(int count) => Enumerable.Range(0, count).Select(i => (long)i).ToArray();
}
