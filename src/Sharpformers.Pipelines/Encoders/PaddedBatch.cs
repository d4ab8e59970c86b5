using System.Buffers;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// Rows right-padded into the row-major id, mask and type-id arrays an encoder takes, built either from full
/// <see cref="Encoding"/>s or from the ids-only <see cref="TokenizedTexts"/>. Type ids are absent (an empty span: the encoder
/// feeds zeros) when no row has any. Pooled: dispose to return the arrays.
/// </summary>
internal readonly struct PaddedBatch : IDisposable
{
    private readonly long[] ids;
    private readonly long[] mask;
    private readonly long[]? types;

    private PaddedBatch(long[] ids, long[] mask, long[]? types, int rows, int length)
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

    /// <summary>Pads <paramref name="count"/> encodings starting at <paramref name="start"/> of <paramref name="encodings"/>, taken in the order of <paramref name="order"/> when given.</summary>
    public static PaddedBatch FromEncodings(IReadOnlyList<Encoding> encodings, int start, int count, long padId, int[]? order = null)
    {
        var length = 1;
        for (var r = 0; r < count; r++)
        {
            length = Math.Max(length, encodings[order?[start + r] ?? start + r].Length);
        }

        var (ids, mask, types) = Rent(count * length, withTypes: true);
        for (var r = 0; r < count; r++)
        {
            var encoding = encodings[order?[start + r] ?? start + r];
            var offset = r * length;
            var n = encoding.Length;
            for (var t = 0; t < n; t++)
            {
                ids[offset + t] = encoding.Ids[t];
                mask[offset + t] = encoding.AttentionMask[t];
                types![offset + t] = encoding.TypeIds[t];
            }

            PadTail(ids, mask, types, offset + n, length - n, padId);
        }

        return new PaddedBatch(ids, mask, types, count, length);
    }

    /// <summary>Pads texts <c>order[start]</c>..<c>order[start + count - 1]</c> of <paramref name="texts"/>.</summary>
    public static PaddedBatch FromIds(TokenizedTexts texts, int[] order, int start, int count, long padId)
    {
        var length = 1;
        for (var r = 0; r < count; r++)
        {
            length = Math.Max(length, texts.Length(order[start + r]));
        }

        var (ids, mask, types) = Rent(count * length, texts.HasTypeIds);
        for (var r = 0; r < count; r++)
        {
            var index = order[start + r];
            var source = texts.Ids(index);
            var offset = r * length;
            for (var t = 0; t < source.Length; t++)
            {
                ids[offset + t] = source[t];
            }

            mask.AsSpan(offset, source.Length).Fill(1);
            if (types is not null)
            {
                types.AsSpan(offset, length).Clear();
                var sourceTypes = texts.TypeIds(index);
                for (var t = 0; t < sourceTypes.Length; t++)
                {
                    types[offset + t] = sourceTypes[t];
                }
            }

            PadTail(ids, mask, types, offset + source.Length, length - source.Length, padId);
        }

        return new PaddedBatch(ids, mask, types, count, length);
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

    private static (long[] Ids, long[] Mask, long[]? Types) Rent(int size, bool withTypes) =>
        (ArrayPool<long>.Shared.Rent(size), ArrayPool<long>.Shared.Rent(size), withTypes ? ArrayPool<long>.Shared.Rent(size) : null);

    private static void PadTail(long[] ids, long[] mask, long[]? types, int offset, int count, long padId)
    {
        ids.AsSpan(offset, count).Fill(padId);
        mask.AsSpan(offset, count).Clear();
        types?.AsSpan(offset, count).Clear();
    }
}
