using Sharpformers.Models.Tests.Modeling;
using Sharpformers.TestSupport;
using static Sharpformers.Models.Tests.Modeling.ForwardTests;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>
/// The row operations a continuous batch needs (left-pad, append rows, keep rows, trim left), on every KV layout, checked
/// against single-row caches that never saw them.
/// </summary>
public sealed class KvCacheRowOperationTests
{
    private static readonly long[] Short = [5, 6];
    private static readonly long[] Long = [1, 2, 3, 4];

    public static TheoryData<ToyOptions> Variants => LayoutCoverageTests.Variants;

    [Theory]
    [MemberData(nameof(Variants))]
    public void RowsJoinLeaveAndCompactOnEveryLayout(ToyOptions options)
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, options);
        using var model = AutoModelForCausalLM.FromPretrained(folder.Path);
        var vocab = model.VocabSize;

        // Two sequences prefilled apart, then joined: the shorter is left-padded to the longer one's length.
        using var shared = model.CreateCache(1);
        model.Forward(shared, Short, Ones(2), Range(2));
        using var joining = model.CreateCache(1);
        model.Forward(joining, Long, Ones(4), Range(4));
        shared.PadLeft(4);
        Assert.Equal(4, shared.SequenceLength);
        shared.AppendRows(joining);
        Assert.Equal(2, shared.BatchSize);
        Assert.Equal(1, joining.BatchSize);

        long[] mask = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
        var logits = model.Forward(shared, [7, 8], mask, [2, 4]).ToArray();
        Logits.AssertClose(Alone(model, [.. Short, 7]), Logits.Row(logits, 0, vocab), 1e-4f, "padded row");
        Logits.AssertClose(Alone(model, [.. Long, 8]), Logits.Row(logits, 1, vocab), 1e-4f, "appended row");

        // The longer sequence leaves; the padding no remaining row needs is dropped.
        shared.KeepRows([0]);
        shared.TrimLeft(2);
        Assert.Equal(3, shared.SequenceLength);
        var after = model.Forward(shared, [9], Ones(4), [3]).ToArray();
        Logits.AssertClose(Alone(model, [.. Short, 7, 9]), after, 1e-4f, "after leave and compaction");
    }

    [Fact]
    public void AppendRowsRejectsADifferentLengthOrModel()
    {
        using var folder = new TemporaryDirectory();
        ToyDecoder.Write(folder.Path, new ToyOptions());
        using var model = AutoModelForCausalLM.FromPretrained(folder.Path);
        using var other = AutoModelForCausalLM.FromPretrained(folder.Path);
        using var a = model.CreateCache(1);
        model.Forward(a, Short, Ones(2), Range(2));
        using var b = model.CreateCache(1);
        model.Forward(b, Long, Ones(4), Range(4));
        Assert.Contains("PadLeft", Assert.Throws<ArgumentException>(() => a.AppendRows(b)).Message, StringComparison.Ordinal);
        using var foreign = other.CreateCache(1);
        Assert.Throws<ArgumentException>(() => a.AppendRows(foreign));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.PadLeft(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.TrimLeft(3));
    }

    private static float[] Alone(CausalLanguageModel model, long[] tokens)
    {
        using var cache = model.CreateCache(1);
        model.Forward(cache, tokens.AsSpan(0, tokens.Length - 1), Ones(tokens.Length - 1), Range(tokens.Length - 1));
        return model.Forward(cache, tokens.AsSpan(tokens.Length - 1), Ones(tokens.Length), [tokens.Length - 1]).ToArray();
    }
}
