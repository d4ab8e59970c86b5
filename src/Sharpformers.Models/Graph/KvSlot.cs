using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>One cached tensor: the graph input that takes it (<c>past_key_values.0.key</c>, <c>past_0</c>, ...) and the output that returns it grown.</summary>
internal sealed record KvSlot(string PastName, string PresentName, KvTensorLayout Layout, TensorElementType ElementType)
{
    public int ElementSize => ElementType switch
    {
        TensorElementType.Float => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        _ => throw new NotSupportedException($"KV tensor '{PastName}' has element type {ElementType}; float, float16 and bfloat16 are supported."),
    };

    public long ByteCount(int batch, int sequence) => Layout.ElementCount(batch, sequence) * ElementSize;
}
