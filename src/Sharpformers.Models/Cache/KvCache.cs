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

    private void Swap()
    {
        for (var i = 0; i < slots.Length; i++)
        {
            (front[i], back[i]) = (back[i], front[i]);
        }
    }
}
