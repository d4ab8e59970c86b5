using static Sharpformers.Models.Tests.Modeling.ForwardTests;

namespace Sharpformers.Models.Tests.Modeling;

/// <summary>Reordering, trimming and disposal of the cache, checked against caches that never saw the operation.</summary>
public sealed class KvCacheTests
{
    private static readonly long[][] Prompts = [[52, 195, 731, 321], [41, 554, 74, 622]];

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void ReorderExpandsAndPermutesRows(string name)
    {
        var fixture = FixtureModel.ByName(name);
        using var model = fixture.Load();
        var vocab = model.VocabSize;
        using var batch = model.CreateCache(2);
        model.Forward(batch, [.. Prompts[0], .. Prompts[1]], Ones(8), [0, 1, 2, 3, 0, 1, 2, 3]);

        // Expand to 3 rows in a new order: [row 1, row 0, row 1].
        batch.Reorder([1, 0, 1]);
        Assert.Equal(3, batch.BatchSize);
        Assert.Equal(4, batch.SequenceLength);
        long[] next = [11, 12, 13];
        var logits = model.Forward(batch, next, Ones(15), [4, 4, 4]).ToArray();

        int[] source = [1, 0, 1];
        for (var row = 0; row < 3; row++)
        {
            using var single = model.CreateCache(1);
            model.Forward(single, Prompts[source[row]], Ones(4), Range(4));
            var expected = model.Forward(single, next.AsSpan(row, 1), Ones(5), [4]).ToArray();
            Logits.AssertClose(expected, Logits.Row(logits, row, vocab), fixture.Tolerance, $"row {row}");
        }
    }

    [Fact]
    public void ReorderCanShrinkTheBatch()
    {
        var fixture = FixtureModel.Gpt2;
        using var model = fixture.Load();
        using var batch = model.CreateCache(2);
        model.Forward(batch, [.. Prompts[0], .. Prompts[1]], Ones(8), [0, 1, 2, 3, 0, 1, 2, 3]);
        batch.Reorder([1]);
        var logits = model.Forward(batch, [9], Ones(5), [4]).ToArray();

        using var single = model.CreateCache(1);
        model.Forward(single, Prompts[1], Ones(4), Range(4));
        Logits.AssertClose(model.Forward(single, [9], Ones(5), [4]), logits, fixture.Tolerance, "kept row");
    }

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void TrimForgetsTheLastPositions(string name)
    {
        var fixture = FixtureModel.ByName(name);
        using var model = fixture.Load();
        var vocab = model.VocabSize;
        using var cache = model.CreateCache(2);
        model.Forward(cache, [.. Prompts[0], .. Prompts[1]], Ones(8), [0, 1, 2, 3, 0, 1, 2, 3]);
        cache.Trim(2);
        Assert.Equal(2, cache.SequenceLength);

        // Feed different third tokens than the ones trimmed away.
        var logits = model.Forward(cache, [100, 200], Ones(6), [2, 2]).ToArray();
        for (var row = 0; row < 2; row++)
        {
            using var single = model.CreateCache(1);
            var expected = model.Forward(single, [Prompts[row][0], Prompts[row][1], row == 0 ? 100 : 200], Ones(3), Range(3)).ToArray();
            Logits.AssertClose(expected, Logits.Row(logits, row, vocab), fixture.Tolerance, $"row {row}");
        }
    }

    [Fact]
    public void TrimToZeroStartsOver()
    {
        var fixture = FixtureModel.Gpt2;
        using var model = fixture.Load();
        using var cache = model.CreateCache(1);
        var first = model.Forward(cache, Prompts[0], Ones(4), Range(4)).ToArray();
        cache.Trim(0);
        Logits.AssertClose(first, model.Forward(cache, Prompts[0], Ones(4), Range(4)), 0f, "same prompt again");
    }

    [Fact]
    public void InvalidArgumentsAreRejectedAndLeaveTheCacheUnchanged()
    {
        using var model = FixtureModel.Gpt2.Load();
        using var cache = model.CreateCache(2);
        Assert.Throws<ArgumentException>(() => model.Forward(cache, [1, 2, 3], Ones(3), Range(3)));
        Assert.Throws<ArgumentException>(() => model.Forward(cache, [1, 2], Ones(3), [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Reorder([0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Trim(1));
        Assert.Equal(0, cache.SequenceLength);
        Assert.Equal(2, cache.BatchSize);

        using var other = FixtureModel.Gpt2.Load();
        Assert.Throws<ArgumentException>(() => other.Forward(cache, [1, 2], Ones(2), [0, 0]));
    }

    [Fact]
    public void CancelledForwardThrowsAndKeepsTheCache()
    {
        using var model = FixtureModel.Gpt2.Load();
        using var cache = model.CreateCache(1);
        model.Forward(cache, [1, 2], Ones(2), Range(2));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.Forward(cache, [3], Ones(3), [2], cancelled.Token));
        Assert.Equal(2, cache.SequenceLength);
    }

    [Fact]
    public void CancellationDuringARunLeavesTheCacheUsable()
    {
        using var model = FixtureModel.LlamaFp16.Load();
        using var cache = model.CreateCache(4);
        var n = 512;
        var ids = Enumerable.Range(0, 4 * n).Select(i => (long)(i % 1000)).ToArray();
        var positions = Enumerable.Range(0, 4 * n).Select(i => (long)(i % n)).ToArray();
        using var cancellation = new CancellationTokenSource();
        cancellation.CancelAfter(1);
        try
        {
            model.ForwardAllPositions(cache, ids, Ones(4 * n), positions, cancellation.Token);
            Assert.Equal(n, cache.SequenceLength);
        }
        catch (OperationCanceledException)
        {
            Assert.Equal(0, cache.SequenceLength);
        }

        // Whether or not the run was stopped, the next step runs normally (the terminate flag was reset).
        var before = cache.SequenceLength;
        model.Forward(cache, [1, 2, 3, 4], Ones(4 * (before + 1)), [before, before, before, before]);
        Assert.Equal(before + 1, cache.SequenceLength);
    }

    [Fact]
    public void DisposedCacheAndModelThrow()
    {
        var model = FixtureModel.Gpt2.Load();
        var cache = model.CreateCache(1);
        cache.Dispose();
        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Forward(cache, [1], Ones(1), [0]));
        Assert.Throws<ObjectDisposedException>(() => cache.Trim(0));
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.CreateCache(1));
    }
}
