using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// The result of one <see cref="EncoderModel.Run"/>: the head's output tensor(s) as row-major floats (float16 graphs are
/// converted once), valid until disposed. <see cref="Shape"/> gives the axes (<c>[batch, sequence, hidden]</c> for a base
/// encoder, <c>[batch, labels]</c> for sequence classification, ...).
/// </summary>
public sealed class EncoderOutput : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue> values;
    private readonly float[]?[] converted;
    private readonly long[][] shapes;
    private bool disposed;

    internal EncoderOutput(IDisposableReadOnlyCollection<OrtValue> values, int batchSize, int sequenceLength)
    {
        this.values = values;
        converted = new float[values.Count][];
        shapes = new long[values.Count][];
        for (var i = 0; i < values.Count; i++)
        {
            shapes[i] = values[i].GetTensorTypeAndShape().Shape;
        }

        BatchSize = batchSize;
        SequenceLength = sequenceLength;
    }

    /// <summary>Rows in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Positions per row that were fed to the graph (padding included).</summary>
    public int SequenceLength { get; }

    /// <summary>The number of output tensors (two for question answering: start and end logits).</summary>
    public int Count => shapes.Length;

    /// <summary>The shape of the first output tensor.</summary>
    public IReadOnlyList<long> Shape => shapes[0];

    /// <summary>The shape of output <paramref name="index"/>.</summary>
    /// <param name="index">0, or 1 for the end logits of question answering.</param>
    /// <returns>The axes.</returns>
    public IReadOnlyList<long> ShapeOf(int index) => shapes[index];

    /// <summary>The values of output <paramref name="index"/>, row-major.</summary>
    /// <param name="index">0 (the head's output; start logits for question answering) or 1 (end logits).</param>
    /// <returns>A view valid until this output is disposed.</returns>
    public ReadOnlySpan<float> Values(int index = 0)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var value = values[index];
        if (value.GetTensorTypeAndShape().ElementDataType != TensorElementType.Float16)
        {
            return value.GetTensorDataAsSpan<float>();
        }

        if (converted[index] is not { } floats)
        {
            var halves = value.GetTensorDataAsSpan<Float16>();
            floats = ArrayPool<float>.Shared.Rent(halves.Length);
            TensorPrimitives.ConvertToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<Float16, Half>(halves), floats);
            converted[index] = floats;
            return floats.AsSpan(0, halves.Length);
        }

        return floats.AsSpan(0, (int)value.GetTensorTypeAndShape().ElementCount);
    }

    /// <summary>Releases the native tensors and conversion buffers.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        values.Dispose();
        foreach (var buffer in converted)
        {
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
