using System.Runtime.InteropServices;

namespace Sharpformers.Models;

/// <summary>A growable, 64-byte aligned block of native memory that ONNX Runtime reads and writes through <c>OrtValue</c>s.</summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    private const int Alignment = 64;
    private void* pointer;

    public NativeBuffer(long initialBytes = Alignment)
    {
        Capacity = Math.Max(initialBytes, Alignment);
        pointer = NativeMemory.AlignedAlloc((nuint)Capacity, Alignment);
    }

    ~NativeBuffer() => Free();

    public long Capacity { get; private set; }

    public IntPtr Pointer => (IntPtr)pointer;

    /// <summary>Grows the block to at least <paramref name="bytes"/>, keeping the first <paramref name="preserveBytes"/> bytes.</summary>
    /// <returns><see langword="true"/> when the block moved.</returns>
    public bool EnsureCapacity(long bytes, long preserveBytes = 0)
    {
        ObjectDisposedException.ThrowIf(pointer is null, this);
        if (bytes <= Capacity)
        {
            return false;
        }

        var capacity = Math.Max(bytes, Capacity + (Capacity / 2));
        var grown = NativeMemory.AlignedAlloc((nuint)capacity, Alignment);
        if (preserveBytes > 0)
        {
            Buffer.MemoryCopy(pointer, grown, capacity, Math.Min(preserveBytes, Capacity));
        }

        NativeMemory.AlignedFree(pointer);
        pointer = grown;
        Capacity = capacity;
        return true;
    }

    public Span<T> AsSpan<T>(long count)
        where T : unmanaged
    {
        if ((count * sizeof(T)) > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"exceeds the buffer capacity of {Capacity} bytes");
        }

        return new Span<T>(pointer, checked((int)count));
    }

    public byte* BytePointer => (byte*)pointer;

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (pointer is not null)
        {
            NativeMemory.AlignedFree(pointer);
            pointer = null;
            Capacity = 0;
        }
    }
}
