namespace Sharpformers.Models;

/// <summary>
/// Where the batch and sequence axes of one past/present tensor sit, and its other (fixed) dimensions. The cache needs nothing
/// else: it never looks inside keys and values, so stacked K/V (<c>[2, B, H, S, D]</c>), BLOOM's <c>[B·H, D, S]</c> and the
/// standard <c>[B, H, S, D]</c> are all handled by the same code.
/// </summary>
internal sealed class KvTensorLayout
{
    private readonly long[] dims;

    public KvTensorLayout(long[] dims, int batchAxis, int sequenceAxis, int batchFold)
    {
        this.dims = dims;
        BatchAxis = batchAxis;
        SequenceAxis = sequenceAxis;
        BatchFold = batchFold;
    }

    public int Rank => dims.Length;

    public int BatchAxis { get; }

    public int SequenceAxis { get; }

    /// <summary>How many rows of the batch axis one sequence owns (the heads, for BLOOM's folded <c>batch × heads</c> axis; else 1).</summary>
    public int BatchFold { get; }

    /// <summary>Writes the shape for <paramref name="batch"/> sequences of <paramref name="sequence"/> positions into <paramref name="shape"/>.</summary>
    public void FillShape(long[] shape, int batch, int sequence)
    {
        dims.CopyTo(shape, 0);
        shape[BatchAxis] = (long)batch * BatchFold;
        shape[SequenceAxis] = sequence;
    }

    public long ElementCount(int batch, int sequence)
    {
        long count = 1;
        for (var axis = 0; axis < dims.Length; axis++)
        {
            count *= axis == BatchAxis ? (long)batch * BatchFold : axis == SequenceAxis ? sequence : dims[axis];
        }

        return count;
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>.</summary>
    public long Outer(int axis, int batch, int sequence) => Product(0, axis, batch, sequence);

    /// <summary>Product of the dimensions after <paramref name="axis"/>.</summary>
    public long Inner(int axis, int batch, int sequence) => Product(axis + 1, dims.Length, batch, sequence);

    public override string ToString() => "[" + string.Join(", ", Describe()) + "]";

    private IEnumerable<string> Describe()
    {
        for (var axis = 0; axis < dims.Length; axis++)
        {
            yield return axis == BatchAxis ? (BatchFold == 1 ? "batch" : $"batch*{BatchFold}") : axis == SequenceAxis ? "sequence" : dims[axis].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private long Product(int from, int to, int batch, int sequence)
    {
        long product = 1;
        for (var axis = from; axis < to; axis++)
        {
            product *= axis == BatchAxis ? (long)batch * BatchFold : axis == SequenceAxis ? sequence : dims[axis];
        }

        return product;
    }
}
