using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// A growable, 64-byte aligned block of native memory that ONNX Runtime reads and writes through an <c>OrtValue</c> view.
/// The view is kept while its shape stays the same, so a steady decode loop re-binds the same values instead of creating new ones.
/// </summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    private const int Alignment = 64;
    private void* pointer;
    private OrtValue? view;
    private long[] viewShape = [];
    private TensorElementType viewType;

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

        DropView();
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

    /// <summary>A tensor of <paramref name="shape"/> over the start of the block (grown to <paramref name="bytes"/> if needed), reused while the shape is unchanged.</summary>
    public OrtValue View(TensorElementType type, long[] shape, long bytes)
    {
        EnsureCapacity(bytes);
        if (view is not null && viewType == type && shape.AsSpan().SequenceEqual(viewShape))
        {
            return view;
        }

        DropView();
        view = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, shape, Pointer, bytes);
        if (viewShape.Length != shape.Length)
        {
            viewShape = new long[shape.Length];
        }

        shape.CopyTo(viewShape);
        viewType = type;
        return view;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void DropView()
    {
        view?.Dispose();
        view = null;
    }

    private void Free()
    {
        DropView();
        if (pointer is not null)
        {
            NativeMemory.AlignedFree(pointer);
            pointer = null;
            Capacity = 0;
        }
    }
}
