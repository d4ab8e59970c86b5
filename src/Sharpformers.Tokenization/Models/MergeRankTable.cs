using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sharpformers.Tokenization.Models;

/// <summary>
/// BPE's merge ranks: the two token ids of a merge → its rank and the merged token's id, in an open-addressing table of
/// our own (linear probing over one array of entries, Fibonacci hash of both ids). It replaces a
/// <c>Dictionary&lt;MergePair, (int, int)&gt;</c>, whose methods, being a generic instantiation over a struct of this
/// assembly, are never precompiled: a fresh process ran tens of thousands of merge inserts through instrumented tier-0
/// code at load. Here the insert is one method optimised from its first call, and the lookup is small enough to inline.
/// A packed <see cref="long"/> key is not hashed as <c>left ^ right</c> (which collides for about two of every three
/// merges of a real vocabulary) but multiplied by the golden-ratio constant and shifted.
/// </summary>
internal sealed class MergeRankTable
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    /// <summary>The largest table (2^30 entries of 16 bytes); its size doubled would overflow an <see cref="int"/>.</summary>
    private const int MaxSize = 1 << 30;

    private Entry[] entries;
    private int shift;

    /// <summary>The most merges the largest table holds (at three-quarters load).</summary>
    private const int MaxCount = MaxSize / 4 * 3;

    /// <param name="capacity">how many merges will be added (the table is sized for them at no more than three-quarters
    /// load, where linear probing with this hash still finds a pair in a probe or two).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative or above three quarters of 2^30.</exception>
    public MergeRankTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCount);
        var size = (int)Math.Max(16, BitOperations.RoundUpToPowerOf2((uint)((capacity * 4L + 2) / 3)));
        entries = new Entry[size];
        shift = 64 - BitOperations.Log2((uint)size);
    }

    /// <summary>How many distinct pairs the table holds.</summary>
    public int Count { get; private set; }

    /// <summary>Sets the rank and merged id of the pair (<paramref name="left"/>, <paramref name="right"/>), replacing any earlier ones.</summary>
    /// <remarks>Fully optimised from the first call: a load calls it once per merge.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(int left, int right, int rank, int newId)
    {
        if ((Count + 1) * 4L > entries.Length * 3L)
        {
            Grow();
        }

        var key = Key(left, right);
        var mask = entries.Length - 1;
        var i = (int)((key * Fibonacci) >> shift);
        while (true)
        {
            ref var entry = ref entries[i];
            if (entry.Key == 0)
            {
                entry = new Entry(key, rank, newId);
                Count++;
                return;
            }

            if (entry.Key == key)
            {
                entry = new Entry(key, rank, newId);
                return;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>The rank and merged id of the pair (<paramref name="left"/>, <paramref name="right"/>), if it is a merge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(int left, int right, out (int Rank, int NewId) merge)
    {
        var key = Key(left, right);
        var table = entries;
        var mask = table.Length - 1;
        var i = (int)((key * Fibonacci) >> shift);
        while (true)
        {
            var entry = table[i];
            if (entry.Key == key)
            {
                merge = (entry.Rank, entry.NewId);
                return true;
            }

            if (entry.Key == 0)
            {
                merge = default;
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Both ids packed, plus one so that 0 marks an empty slot (ids are non-negative, so the sum cannot wrap).</summary>
    private static ulong Key(int left, int right) => ((((ulong)(uint)left) << 32) | (uint)right) + 1;

    private void Grow()
    {
        var old = entries;
        if (old.Length >= MaxSize)
        {
            throw new InvalidOperationException($"a merge table holds at most {MaxCount} merges");
        }

        entries = new Entry[old.Length * 2];
        shift--;
        Count = 0;
        foreach (var entry in old)
        {
            if (entry.Key != 0)
            {
                var pair = entry.Key - 1;
                Set((int)(pair >> 32), (int)(uint)pair, entry.Rank, entry.NewId);
            }
        }
    }

    /// <summary>One slot: the packed pair plus one (0 when empty), the merge's rank and the merged id. Plain fields, so no
    /// accessor has to be compiled.</summary>
    private readonly struct Entry(ulong key, int rank, int newId)
    {
        public readonly ulong Key = key;
        public readonly int Rank = rank;
        public readonly int NewId = newId;
    }
}
