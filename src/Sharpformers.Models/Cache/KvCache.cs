namespace Sharpformers.Models;

/// <summary>
/// The past keys and values of a batch of sequences for one <see cref="CausalLanguageModel"/>, in native buffers the cache owns.
/// Each step reads the past from one buffer and lets ONNX Runtime write the grown present into its twin (ping-pong), so steady
/// decoding copies nothing and allocates no buffers; buffers grow geometrically when a step needs more room.
/// A cache serves one request at a time (it is not thread-safe); concurrent requests each use their own cache.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly KvSlot[] slots;
    private readonly NativeBuffer[] front;
    private readonly NativeBuffer[] back;
    private bool disposed;

    internal KvCache(CausalLanguageModel model, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Model = model;
        BatchSize = batchSize;
        slots = model.Slots;
        front = new NativeBuffer[slots.Length];
        back = new NativeBuffer[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            front[i] = new NativeBuffer();
            back[i] = new NativeBuffer();
        }

        Step = new StepScratch(model);
    }

    /// <summary>The number of sequences (rows) the cache holds.</summary>
    public int BatchSize { get; private set; }

    /// <summary>The number of past positions held for every row.</summary>
    public int SequenceLength { get; private set; }

    internal CausalLanguageModel Model { get; }

    internal StepScratch Step { get; }

    internal KvSlot[] Slots => slots;

    /// <summary>
    /// Reorders (and resizes) the batch: new row <c>i</c> is old row <c>sourceRows[i]</c>. Use it to expand a batch for beams or
    /// returned sequences (<c>[0, 0, 1, 1]</c>) and to follow the beams chosen at each step.
    /// </summary>
    /// <param name="sourceRows">For every new row, the old row it copies; each in [0, <see cref="BatchSize"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A row index is out of range, or <paramref name="sourceRows"/> is empty.</exception>
    public void Reorder(ReadOnlySpan<int> sourceRows)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (sourceRows.IsEmpty)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceRows), "at least one row is required");
        }

        foreach (var row in sourceRows)
        {
            if ((uint)row >= (uint)BatchSize)
            {
                throw new ArgumentOutOfRangeException(nameof(sourceRows), row, $"row index out of range for a batch of {BatchSize}");
            }
        }

        var newBatch = sourceRows.Length;
        for (var s = 0; s < slots.Length; s++)
        {
            var layout = slots[s].Layout;
            var elementSize = slots[s].ElementSize;
            var outer = layout.Outer(layout.BatchAxis, BatchSize, SequenceLength);
            var rowBytes = layout.Inner(layout.BatchAxis, BatchSize, SequenceLength) * layout.BatchFold * elementSize;
            back[s].EnsureCapacity(slots[s].ByteCount(newBatch, SequenceLength));
            unsafe
            {
                var source = front[s].BytePointer;
                var target = back[s].BytePointer;
                for (long o = 0; o < outer; o++)
                {
                    for (var i = 0; i < newBatch; i++)
                    {
                        Buffer.MemoryCopy(
                            source + (((o * BatchSize) + sourceRows[i]) * rowBytes),
                            target + (((o * newBatch) + i) * rowBytes),
                            rowBytes,
                            rowBytes);
                    }
                }
            }
        }

        Swap();
        BatchSize = newBatch;
    }

    /// <summary>Keeps only the first <paramref name="sequenceLength"/> past positions of every row (for example to reuse a prompt prefix).</summary>
    /// <param name="sequenceLength">The new length, between 0 and <see cref="SequenceLength"/>.</param>
    public void Trim(int sequenceLength)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequenceLength, SequenceLength);
        if (sequenceLength == SequenceLength)
        {
            return;
        }

        for (var s = 0; s < slots.Length; s++)
        {
            var layout = slots[s].Layout;
            var outer = layout.Outer(layout.SequenceAxis, BatchSize, SequenceLength);
            var innerBytes = layout.Inner(layout.SequenceAxis, BatchSize, SequenceLength) * slots[s].ElementSize;
            var oldBlock = SequenceLength * innerBytes;
            var newBlock = sequenceLength * innerBytes;
            unsafe
            {
                // In place: every block moves towards the start, so a forward overlapping copy is safe.
                var data = front[s].BytePointer;
                for (long o = 1; o < outer; o++)
                {
                    Buffer.MemoryCopy(data + (o * oldBlock), data + (o * newBlock), newBlock, newBlock);
                }
            }
        }

        SequenceLength = sequenceLength;
    }

    /// <summary>
    /// Removes rows: only the rows listed in <paramref name="keptRows"/> stay, in that order (a continuous batch drops finished
    /// sequences this way). Same as <see cref="Reorder"/> with the kept rows.
    /// </summary>
    /// <param name="keptRows">The rows that stay, each in [0, <see cref="BatchSize"/>); at least one.</param>
    public void KeepRows(ReadOnlySpan<int> keptRows) => Reorder(keptRows);

    /// <summary>
    /// Left-pads every row to <paramref name="sequenceLength"/> past positions: the existing positions move to the end and the
    /// new ones in front are zero. The caller masks the new positions out (attention mask 0), so rows of different lengths can
    /// share one batch.
    /// </summary>
    /// <param name="sequenceLength">The new length, at least <see cref="SequenceLength"/>.</param>
    public void PadLeft(int sequenceLength)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, SequenceLength);
        if (sequenceLength != SequenceLength)
        {
            Shift(sequenceLength, sequenceLength - SequenceLength);
        }
    }

    /// <summary>
    /// Drops the first <paramref name="count"/> past positions of every row (the left padding no row attends to any more, once
    /// the longest sequences have left a continuous batch).
    /// </summary>
    /// <param name="count">Positions to drop, between 0 and <see cref="SequenceLength"/>.</param>
    public void TrimLeft(int count)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, SequenceLength);
        if (count != 0)
        {
            Shift(SequenceLength - count, -count);
        }
    }

    /// <summary>
    /// Appends the rows of <paramref name="other"/> after this cache's rows (a sequence joining a continuous batch after its
    /// own prefill). Both caches must belong to the same model and hold the same number of past positions (left-pad the shorter
    /// one first with <see cref="PadLeft"/>); <paramref name="other"/> is left unchanged.
    /// </summary>
    /// <param name="other">The cache whose rows are appended.</param>
    /// <exception cref="ArgumentException">The caches belong to different models or differ in <see cref="SequenceLength"/>.</exception>
    public void AppendRows(KvCache other)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(other);
        ObjectDisposedException.ThrowIf(other.disposed, other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("a cache cannot append its own rows", nameof(other));
        }

        if (!ReferenceEquals(other.Model, Model))
        {
            throw new ArgumentException("the cache to append was created by another model", nameof(other));
        }

        if (other.SequenceLength != SequenceLength)
        {
            throw new ArgumentException(
                $"the cache to append holds {other.SequenceLength} past positions and this one {SequenceLength}; pad the shorter one with PadLeft first",
                nameof(other));
        }

        var newBatch = checked(BatchSize + other.BatchSize);
        for (var s = 0; s < slots.Length; s++)
        {
            var layout = slots[s].Layout;
            var outer = layout.Outer(layout.BatchAxis, BatchSize, SequenceLength);
            var rowBytes = layout.Inner(layout.BatchAxis, BatchSize, SequenceLength) * layout.BatchFold * slots[s].ElementSize;
            var ownBlock = BatchSize * rowBytes;
            var otherBlock = other.BatchSize * rowBytes;
            back[s].EnsureCapacity(slots[s].ByteCount(newBatch, SequenceLength));
            unsafe
            {
                var own = front[s].BytePointer;
                var theirs = other.front[s].BytePointer;
                var target = back[s].BytePointer;
                for (long o = 0; o < outer; o++)
                {
                    var at = target + (o * (ownBlock + otherBlock));
                    Buffer.MemoryCopy(own + (o * ownBlock), at, ownBlock, ownBlock);
                    Buffer.MemoryCopy(theirs + (o * otherBlock), at + ownBlock, otherBlock, otherBlock);
                }
            }
        }

        Swap();
        BatchSize = newBatch;
    }

    /// <summary>Bytes of native memory the cache holds now (both buffers of every KV tensor).</summary>
    public long AllocatedBytes
    {
        get
        {
            long total = 0;
            for (var i = 0; i < slots.Length; i++)
            {
                total += front[i].Capacity + back[i].Capacity;
            }

            return total;
        }
    }

    /// <summary>Frees the native buffers.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Step.Dispose();
        for (var i = 0; i < slots.Length; i++)
        {
            front[i].Dispose();
            back[i].Dispose();
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>The buffer holding the past of slot <paramref name="slot"/>.</summary>
    internal NativeBuffer Past(int slot) => front[slot];

    /// <summary>The buffer the next present of slot <paramref name="slot"/> is written to.</summary>
    internal NativeBuffer PresentTarget(int slot) => back[slot];

    /// <summary>Makes the presents just written the past, after a successful step of <paramref name="newTokens"/> positions.</summary>
    internal void Advance(int newTokens)
    {
        Swap();
        SequenceLength += newTokens;
    }

    /// <summary>
    /// Rewrites every tensor along its sequence axis to <paramref name="newLength"/> positions, old position <c>p</c> landing at
    /// <c>p + <paramref name="offset"/></c>; positions with no source are zero. Works for every layout through the axes alone.
    /// </summary>
    private void Shift(int newLength, int offset)
    {
        var oldLength = SequenceLength;
        var sourceStart = Math.Max(0, -offset);
        var targetStart = Math.Max(0, offset);
        var count = Math.Min(oldLength - sourceStart, newLength - targetStart);
        for (var s = 0; s < slots.Length; s++)
        {
            var layout = slots[s].Layout;
            var outer = layout.Outer(layout.SequenceAxis, BatchSize, oldLength);
            var innerBytes = layout.Inner(layout.SequenceAxis, BatchSize, oldLength) * slots[s].ElementSize;
            var oldBlock = oldLength * innerBytes;
            var newBlock = newLength * innerBytes;
            var bytes = slots[s].ByteCount(BatchSize, newLength);
            back[s].EnsureCapacity(bytes);
            unsafe
            {
                var source = front[s].BytePointer;
                var to = back[s].BytePointer;
                if (offset > 0)
                {
                    System.Runtime.InteropServices.NativeMemory.Clear(to, (nuint)bytes);
                }

                var copy = count * innerBytes;
                for (long o = 0; o < outer; o++)
                {
                    Buffer.MemoryCopy(source + (o * oldBlock) + (sourceStart * innerBytes), to + (o * newBlock) + (targetStart * innerBytes), copy, copy);
                }
            }
        }

        Swap();
        SequenceLength = newLength;
    }

    private void Swap()
    {
        for (var i = 0; i < slots.Length; i++)
        {
            (front[i], back[i]) = (back[i], front[i]);
        }
    }
}
