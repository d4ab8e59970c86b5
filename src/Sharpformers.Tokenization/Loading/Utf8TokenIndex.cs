using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// A load-time index of vocabulary tokens by their raw UTF-8 bytes in tokenizer.json, so BPE merges can be ranked
/// straight from the file's bytes: no UTF-16 decoding and no generic dictionary lookups, which at default runtime
/// settings run as instrumented tier-0 code for the whole of a fresh process's first load. Keys are ranges of the
/// vocabulary's JSON text (not copied; the index lives only while the file's bytes do) and compared byte for byte, so a
/// hit means the same JSON text; a token whose JSON text differs
/// (an escape written one way in <c>vocab</c> and another in <c>merges</c>) misses, and the caller then takes the
/// exact, decoded path. A key added twice keeps the later id, as the vocabulary dictionary does.
/// </summary>
internal sealed class Utf8TokenIndex
{
    private readonly byte[] text;
    private readonly int textStart;
    private readonly int[] buckets;
    private readonly int[] next;
    private readonly int[] starts;
    private readonly int[] lengths;
    private readonly int[] ids;
    private readonly uint[] hashes;
    private int count;
    private bool disabled;

    /// <param name="text">The bytes holding the JSON text the keys are ranges of.</param>
    /// <param name="textStart">Where that text starts in <paramref name="text"/> (key ranges are relative to it).</param>
    /// <param name="capacity">The number of tokens to expect.</param>
    public Utf8TokenIndex(byte[] text, int textStart, int capacity)
    {
        this.text = text;
        this.textStart = textStart;
        capacity = Math.Max(capacity, 1);
        buckets = new int[(int)Math.Min(int.MaxValue / 2, BitOperations.RoundUpToPowerOf2((uint)capacity) * 2L)];
        next = new int[capacity];
        starts = new int[capacity];
        lengths = new int[capacity];
        ids = new int[capacity];
        hashes = new uint[capacity];
    }

    /// <summary>Indexes the token whose JSON text is the <paramref name="length"/> bytes at <paramref name="start"/> of the text.</summary>
    /// <returns>false when the index is full (the caller then stops using it).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(int start, int length, int id)
    {
        var key = text.AsSpan(textStart + start, length);
        var hash = Hash(key);
        ref var bucket = ref buckets[(int)(hash & (uint)(buckets.Length - 1))];
        for (var i = bucket - 1; i >= 0; i = next[i])
        {
            if (hashes[i] == hash && KeyAt(i).SequenceEqual(key))
            {
                ids[i] = id;
                return true;
            }
        }

        if (count == ids.Length)
        {
            return false;
        }

        starts[count] = start;
        lengths[count] = length;
        ids[count] = id;
        hashes[count] = hash;
        next[count] = bucket - 1;
        bucket = ++count;
        return true;
    }

    /// <summary>
    /// Makes every lookup miss, for a vocabulary that lists one token twice (once escaped, once not): the index would
    /// keep both ids while the dictionary keeps the later one.
    /// </summary>
    public void Disable() => disabled = true;

    /// <summary>The id of the token whose JSON text is <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> key)
    {
        if (disabled)
        {
            return -1;
        }

        var hash = Hash(key);
        for (var i = buckets[(int)(hash & (uint)(buckets.Length - 1))] - 1; i >= 0; i = next[i])
        {
            if (hashes[i] == hash && KeyAt(i).SequenceEqual(key))
            {
                return ids[i];
            }
        }

        return -1;
    }

    /// <summary>The id of the token whose JSON text is <paramref name="left"/> followed by <paramref name="right"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (disabled)
        {
            return -1;
        }

        var hash = Finish(Hash(right, Hash(left, Seed)));
        for (var i = buckets[(int)(hash & (uint)(buckets.Length - 1))] - 1; i >= 0; i = next[i])
        {
            if (hashes[i] == hash && lengths[i] == left.Length + right.Length)
            {
                var key = KeyAt(i);
                if (key.StartsWith(left) && key[left.Length..].SequenceEqual(right))
                {
                    return ids[i];
                }
            }
        }

        return -1;
    }

    private const uint Seed = 2166136261;

    private ReadOnlySpan<byte> KeyAt(int i) => text.AsSpan(textStart + starts[i], lengths[i]);

    private static uint Hash(ReadOnlySpan<byte> key) => Finish(Hash(key, Seed));

    /// <summary>FNV-1a over the bytes, continuing from <paramref name="hash"/>, so a key split in two hashes as the whole.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> key, uint hash)
    {
        ref var b = ref MemoryMarshal.GetReference(key);
        for (var i = 0; i < key.Length; i++)
        {
            hash = (hash ^ Unsafe.Add(ref b, i)) * 16777619;
        }

        return hash;
    }

    private static uint Finish(uint hash) => hash ^ (hash >> 15);
}
