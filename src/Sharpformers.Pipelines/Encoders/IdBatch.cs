using System.Buffers;

namespace Sharpformers.Pipelines;

/// <summary>
/// Rows of <see cref="TokenizedTexts"/> right-padded into the row-major id and mask arrays an encoder takes (type ids only when
/// some text has a non-zero one; otherwise the encoder feeds zeros). Pooled: dispose to return the arrays.
/// </summary>
internal readonly struct IdBatch : IDisposable
{
    private readonly long[] ids;
    private readonly long[] mask;
    private readonly long[]? types;

    private IdBatch(long[] ids, long[] mask, long[]? types, int rows, int length)
    {
        this.ids = ids;
        this.mask = mask;
        this.types = types;
        Rows = rows;
        Length = length;
    }

    /// <summary>Rows in the batch.</summary>
    public int Rows { get; }

    /// <summary>Positions per row (the longest row's token count).</summary>
    public int Length { get; }

    /// <summary><c>[Rows × Length]</c> ids.</summary>
    public ReadOnlySpan<long> InputIds => ids.AsSpan(0, Rows * Length);

    /// <summary><c>[Rows × Length]</c> attention mask.</summary>
    public ReadOnlySpan<long> AttentionMask => mask.AsSpan(0, Rows * Length);

    /// <summary><c>[Rows × Length]</c> type ids, or empty for zeros.</summary>
    public ReadOnlySpan<long> TokenTypeIds => types is null ? default : types.AsSpan(0, Rows * Length);

    /// <summary>Pads texts <c>order[start]</c>..<c>order[start + count - 1]</c> of <paramref name="texts"/>.</summary>
    public static IdBatch Create(TokenizedTexts texts, int[] order, int start, int count, long padId)
    {
        var length = 1;
        for (var r = 0; r < count; r++)
        {
            length = Math.Max(length, texts.Length(order[start + r]));
        }

        var size = count * length;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = texts.HasTypeIds ? ArrayPool<long>.Shared.Rent(size) : null;
        for (var r = 0; r < count; r++)
        {
            var index = order[start + r];
            var source = texts.Ids(index);
            var row = ids.AsSpan(r * length, length);
            var rowMask = mask.AsSpan(r * length, length);
            for (var t = 0; t < source.Length; t++)
            {
                row[t] = source[t];
            }

            row[source.Length..].Fill(padId);
            rowMask[..source.Length].Fill(1);
            rowMask[source.Length..].Clear();
            if (types is not null)
            {
                var rowTypes = types.AsSpan(r * length, length);
                rowTypes.Clear();
                var sourceTypes = texts.TypeIds(index);
                for (var t = 0; t < sourceTypes.Length; t++)
                {
                    rowTypes[t] = sourceTypes[t];
                }
            }
        }

        return new IdBatch(ids, mask, types, count, length);
    }

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        if (ids is null)
        {
            return;
        }

        ArrayPool<long>.Shared.Return(ids);
        ArrayPool<long>.Shared.Return(mask);
        if (types is not null)
        {
            ArrayPool<long>.Shared.Return(types);
        }
    }
}
