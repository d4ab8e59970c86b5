using System.Runtime.InteropServices;
using Google.Protobuf;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Onnx;

/// <summary>Makes <see cref="TensorProto"/>s with little-endian <c>raw_data</c>.</summary>
internal static class Tensors
{
    /// <summary>A floating-point tensor stored as float32 or float16 (<paramref name="elementType"/>).</summary>
    public static TensorProto Float(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> dims, int elementType)
    {
        byte[] raw;
        if (elementType == ElementType.Float16)
        {
            var halves = new Half[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                halves[i] = (Half)values[i];
            }

            raw = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
        }
        else
        {
            raw = MemoryMarshal.AsBytes(values).ToArray();
        }

        return Make(name, elementType, dims, raw);
    }

    /// <summary>An int64 tensor.</summary>
    public static TensorProto Int64(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> dims) =>
        Make(name, ElementType.Int64, dims, MemoryMarshal.AsBytes(values).ToArray());

    private static TensorProto Make(string name, int elementType, ReadOnlySpan<long> dims, byte[] raw)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this builder runs only on little-endian machines.");
        }

        var tensor = new TensorProto { Name = name, DataType = elementType, RawData = UnsafeByteOperations.UnsafeWrap(raw) };
        foreach (var dim in dims)
        {
            tensor.Dims.Add(dim);
        }

        return tensor;
    }
}
