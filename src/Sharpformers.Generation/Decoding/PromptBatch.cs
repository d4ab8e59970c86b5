namespace Sharpformers.Generation.Decoding;

/// <summary>
/// Left-padded prompts as one rectangular batch: ids and attention mask [rows*width], and the first positions
/// (cumsum(mask) − 1, pads set to 1, as transformers).
/// </summary>
internal sealed class PromptBatch
{
    private PromptBatch(long[] ids, long[] mask, int rows, int width)
    {
        Ids = ids;
        Mask = mask;
        Rows = rows;
        Width = width;
    }

    public long[] Ids { get; }

    public long[] Mask { get; }

    public int Rows { get; }

    public int Width { get; }

    /// <summary>Pads rows of different lengths on the left with <paramref name="padTokenId"/> (mask 0).</summary>
    public static PromptBatch Create(IReadOnlyList<IReadOnlyList<long>> prompts, IReadOnlyList<IReadOnlyList<long>>? attentionMasks, long padTokenId)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("input ids must hold at least one prompt", nameof(prompts));
        }

        if (attentionMasks is not null && attentionMasks.Count != prompts.Count)
        {
            throw new ArgumentException($"attention mask has {attentionMasks.Count} rows but input ids have {prompts.Count}", nameof(attentionMasks));
        }

        var width = 0;
        for (var r = 0; r < prompts.Count; r++)
        {
            var prompt = prompts[r] ?? throw new ArgumentException($"input ids row {r} is null", nameof(prompts));
            if (prompt.Count == 0)
            {
                throw new ArgumentException($"input ids row {r} is empty", nameof(prompts));
            }

            if (attentionMasks is not null && attentionMasks[r]?.Count != prompt.Count)
            {
                throw new ArgumentException($"attention mask row {r} must have as many entries as input ids row {r} ({prompt.Count})", nameof(attentionMasks));
            }

            width = Math.Max(width, prompt.Count);
        }

        var ids = new long[prompts.Count * width];
        var mask = new long[prompts.Count * width];
        for (var r = 0; r < prompts.Count; r++)
        {
            var prompt = prompts[r];
            var pad = width - prompt.Count;
            ids.AsSpan(r * width, pad).Fill(padTokenId);
            for (var c = 0; c < prompt.Count; c++)
            {
                ids[(r * width) + pad + c] = prompt[c];
                mask[(r * width) + pad + c] = attentionMasks is null ? 1 : attentionMasks[r][c];
            }
        }

        return new PromptBatch(ids, mask, prompts.Count, width);
    }

    /// <summary>Repeats each row <paramref name="factor"/> times in place order (torch <c>repeat_interleave</c>).</summary>
    public PromptBatch Expand(int factor)
    {
        if (factor == 1)
        {
            return this;
        }

        var rows = Rows * factor;
        var ids = new long[rows * Width];
        var mask = new long[rows * Width];
        for (var r = 0; r < rows; r++)
        {
            Ids.AsSpan((r / factor) * Width, Width).CopyTo(ids.AsSpan(r * Width));
            Mask.AsSpan((r / factor) * Width, Width).CopyTo(mask.AsSpan(r * Width));
        }

        return new PromptBatch(ids, mask, rows, Width);
    }

    /// <summary>Positions of the prompt tokens: cumsum(mask) − 1 per row, pads set to 1.</summary>
    public long[] PositionIds()
    {
        var positions = new long[Ids.Length];
        for (var r = 0; r < Rows; r++)
        {
            long sum = 0;
            for (var c = 0; c < Width; c++)
            {
                var i = (r * Width) + c;
                sum += Mask[i];
                positions[i] = Mask[i] == 0 ? 1 : sum - 1;
            }
        }

        return positions;
    }

    /// <summary>Number of attended (mask 1) tokens in one row.</summary>
    public int AttendedCount(int row)
    {
        var count = 0;
        foreach (var m in Mask.AsSpan(row * Width, Width))
        {
            count += m != 0 ? 1 : 0;
        }

        return count;
    }
}
