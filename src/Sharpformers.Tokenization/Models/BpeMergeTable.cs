using System.Runtime.CompilerServices;

namespace Sharpformers.Tokenization.Models;

/// <summary>
/// Builds BPE's merge ranks (pair of ids → rank and merged id) from merges given as spans, so a loader can rank
/// "left right" strings or [left, right] pairs without allocating a string per part or per merged token. The rank is
/// the merge's position in the list; a pair listed twice keeps the later rank, as HF's map built from the list does.
/// </summary>
internal sealed class BpeMergeTable
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocab;
    private readonly int prefixLength;
    private char[] merged = new char[64];

    public BpeMergeTable(Dictionary<string, int> vocab, string? continuingSubwordPrefix, int capacity)
    {
        this.vocab = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        prefixLength = continuingSubwordPrefix?.Length ?? 0;
        Ranks = new MergeRankTable(capacity);
    }

    /// <summary>The ranks added so far, keyed by the two ids.</summary>
    public MergeRankTable Ranks { get; }

    /// <summary>How many merges were added (the rank the next one gets).</summary>
    public int Count { get; private set; }

    /// <summary>Adds the next merge; <paramref name="right"/> loses the continuing-subword prefix in the merged token.</summary>
    /// <exception cref="BpeMergeException">a part or the merged token is not in the vocabulary.</exception>
    /// <remarks>Fully optimised from the first call, as every per-merge method of a load.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var index = Count++;
        if (!vocab.TryGetValue(left, out var leftId))
        {
            throw new BpeMergeException(index, left.ToString());
        }

        if (!vocab.TryGetValue(right, out var rightId))
        {
            throw new BpeMergeException(index, right.ToString());
        }

        var tail = right.Length >= prefixLength ? right[prefixLength..] : [];
        var length = left.Length + tail.Length;
        if (merged.Length < length)
        {
            merged = new char[Math.Max(length, merged.Length * 2)];
        }

        left.CopyTo(merged);
        tail.CopyTo(merged.AsSpan(left.Length));
        var mergedSpan = merged.AsSpan(0, length);
        if (!vocab.TryGetValue(mergedSpan, out var newId))
        {
            throw new BpeMergeException(index, mergedSpan.ToString());
        }

        Ranks.Set(leftId, rightId, index, newId);
    }

    /// <summary>Adds the next merge whose parts and merged token the caller has already resolved to ids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddResolved(int leftId, int rightId, int newId) => Ranks.Set(leftId, rightId, Count++, newId);

    /// <summary>Adds a merge written as one "left right" string (split at its first space).</summary>
    /// <returns>false when there is no space (the caller reports the malformed merge).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAddSpaceSeparated(ReadOnlySpan<char> merge)
    {
        var space = merge.IndexOf(' ');
        if (space < 0)
        {
            return false;
        }

        Add(merge[..space], merge[(space + 1)..]);
        return true;
    }
}
