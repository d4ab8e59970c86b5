using Sharpformers.Generation.Decoding;
using Sharpformers.Models;

namespace Sharpformers.Generation.Batching;

/// <summary>Forwards a column range of a left-padded prompt batch into a cache that already holds the columns before it.</summary>
internal static class PromptColumns
{
    /// <summary>
    /// Forwards columns [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="prompt"/>: their ids and
    /// <paramref name="positions"/> (the whole prompt's <see cref="PromptBatch.PositionIds"/>, computed once by the caller
    /// for all its chunks), and the mask over every column up to <paramref name="end"/> (past and new).
    /// </summary>
    /// <returns>The last forwarded position's logits, one row per prompt.</returns>
    public static ReadOnlySpan<float> Forward(CausalLanguageModel model, KvCache cache, PromptBatch prompt, long[] positions, int start, int end, CancellationToken cancellationToken)
    {
        if (start == 0 && end == prompt.Width)
        {
            return model.Forward(cache, prompt.Ids, prompt.Mask, positions, cancellationToken);
        }

        var rows = prompt.Rows;
        var width = prompt.Width;
        return model.Forward(cache, Slice(prompt.Ids, rows, width, start, end), Slice(prompt.Mask, rows, width, 0, end), Slice(positions, rows, width, start, end), cancellationToken);
    }

    /// <summary>Columns [start, end) of a row-major [rows × width] matrix.</summary>
    private static long[] Slice(long[] matrix, int rows, int width, int start, int end)
    {
        var slice = new long[rows * (end - start)];
        for (var r = 0; r < rows; r++)
        {
            matrix.AsSpan((r * width) + start, end - start).CopyTo(slice.AsSpan(r * (end - start)));
        }

        return slice;
    }
}
