using System.Buffers;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>A pooled copy of one row sorted ascending with the original indices, for the nucleus-style warpers.</summary>
internal ref struct SortedScores
{
    private readonly float[] _keys;
    private readonly int[] _indices;
    private readonly float[] _work;

    public SortedScores(ReadOnlySpan<float> keys)
    {
        Length = keys.Length;
        _keys = ArrayPool<float>.Shared.Rent(Length);
        _indices = ArrayPool<int>.Shared.Rent(Length);
        _work = ArrayPool<float>.Shared.Rent(Length);
        ScoreMath.SortAscending(keys, Keys, Indices);
    }

    public int Length { get; }

    /// <summary>The sorted keys, ascending.</summary>
    public readonly Span<float> Keys => _keys.AsSpan(0, Length);

    /// <summary>Original position of each sorted key.</summary>
    public readonly Span<int> Indices => _indices.AsSpan(0, Length);

    /// <summary>A scratch row of the same length.</summary>
    public readonly Span<float> Work => _work.AsSpan(0, Length);

    public readonly void Dispose()
    {
        ArrayPool<float>.Shared.Return(_keys);
        ArrayPool<int>.Shared.Return(_indices);
        ArrayPool<float>.Shared.Return(_work);
    }
}
