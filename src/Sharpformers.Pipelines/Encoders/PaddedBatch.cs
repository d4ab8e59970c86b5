using System.Buffers;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>Right-pads encodings into the row-major id, mask and segment arrays an encoder takes (pooled; dispose to return them).</summary>
internal readonly struct PaddedBatch : IDisposable
{
    private readonly long[] ids;
    private readonly long[] mask;
    private readonly long[] types;

    private PaddedBatch(long[] ids, long[] mask, long[] types, int rows, int length)
    {
        this.ids = ids;
        this.mask = mask;
        this.types = types;
        Rows = rows;
        Length = length;
    }

    public int Rows { get; }

    public int Length { get; }

    public ReadOnlySpan<long> InputIds => ids.AsSpan(0, Rows * Length);

    public ReadOnlySpan<long> AttentionMask => mask.AsSpan(0, Rows * Length);

    public ReadOnlySpan<long> TokenTypeIds => types.AsSpan(0, Rows * Length);

    /// <summary>Pads <paramref name="count"/> encodings starting at <paramref name="start"/> of <paramref name="encodings"/>, taken in the order of <paramref name="order"/> when given.</summary>
    public static PaddedBatch Create(IReadOnlyList<Encoding> encodings, int start, int count, long padId, int[]? order = null)
    {
        var length = 1;
        for (var r = 0; r < count; r++)
        {
            length = Math.Max(length, encodings[order?[start + r] ?? start + r].Length);
        }

        var size = count * length;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        for (var r = 0; r < count; r++)
        {
            var encoding = encodings[order?[start + r] ?? start + r];
            var offset = r * length;
            var n = encoding.Length;
            for (var t = 0; t < n; t++)
            {
                ids[offset + t] = encoding.Ids[t];
                mask[offset + t] = encoding.AttentionMask[t];
                types[offset + t] = encoding.TypeIds[t];
            }

            ids.AsSpan(offset + n, length - n).Fill(padId);
            mask.AsSpan(offset + n, length - n).Clear();
            types.AsSpan(offset + n, length - n).Clear();
        }

        return new PaddedBatch(ids, mask, types, count, length);
    }

    public void Dispose()
    {
        if (ids is null)
        {
            return;
        }

        ArrayPool<long>.Shared.Return(ids);
        ArrayPool<long>.Shared.Return(mask);
        ArrayPool<long>.Shared.Return(types);
    }
}
