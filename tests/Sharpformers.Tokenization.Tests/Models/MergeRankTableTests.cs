using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.Tests.Models;

/// <summary>The open-addressing merge table against a <see cref="Dictionary{TKey, TValue}"/> fed the same pairs.</summary>
public sealed class MergeRankTableTests
{
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(3, 5000)]
    [InlineData(10_000, 10_000)]
    public void Lookups_match_a_dictionary_whatever_the_presize(int capacity, int pairs)
    {
        var table = new MergeRankTable(capacity);
        var expected = new Dictionary<(int, int), (int, int)>();
        var random = new Random(15);
        for (var rank = 0; rank < pairs; rank++)
        {
            var (left, right) = (random.Next(300), random.Next(300));
            table.Set(left, right, rank, rank + 1000);
            expected[(left, right)] = (rank, rank + 1000);
        }

        Assert.Equal(expected.Count, table.Count);
        for (var left = 0; left < 300; left++)
        {
            for (var right = 0; right < 300; right++)
            {
                var found = table.TryGetValue(left, right, out var merge);
                Assert.Equal(expected.TryGetValue((left, right), out var want), found);
                Assert.Equal(found ? want : default, merge);
            }
        }
    }

    [Fact]
    public void A_pair_set_twice_keeps_the_later_rank()
    {
        var table = new MergeRankTable(2);
        table.Set(0, 0, 0, 7);
        table.Set(int.MaxValue, int.MaxValue, 1, 8);
        table.Set(0, 0, 2, 9);
        Assert.True(table.TryGetValue(0, 0, out var merge));
        Assert.Equal((2, 9), merge);
        Assert.True(table.TryGetValue(int.MaxValue, int.MaxValue, out merge));
        Assert.Equal((1, 8), merge);
        Assert.Equal(2, table.Count);
    }

    /// <summary>A capacity whose table size would overflow an int is refused (it used to loop forever).</summary>
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData((1 << 30) / 4 * 3 + 1)]
    [InlineData(-1)]
    public void An_impossible_capacity_is_refused(int capacity)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new MergeRankTable(capacity));
}
