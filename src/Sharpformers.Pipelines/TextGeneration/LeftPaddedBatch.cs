namespace Sharpformers.Pipelines;

/// <summary>Prompts of different lengths left-padded to one width, with the attention mask that hides the padding.</summary>
internal sealed class LeftPaddedBatch
{
    private readonly int[][] _prompts;

    private LeftPaddedBatch(int[][] prompts, long[][] inputIds, long[][] attentionMask)
    {
        _prompts = prompts;
        InputIds = inputIds;
        AttentionMask = attentionMask;
    }

    public IReadOnlyList<IReadOnlyList<long>> InputIds { get; }

    public IReadOnlyList<IReadOnlyList<long>> AttentionMask { get; }

    public int[] Unpadded(int row) => _prompts[row];

    public static LeftPaddedBatch Create(int[][] prompts, int padId)
    {
        var width = 0;
        foreach (var prompt in prompts)
        {
            width = Math.Max(width, prompt.Length);
        }

        var ids = new long[prompts.Length][];
        var mask = new long[prompts.Length][];
        for (var row = 0; row < prompts.Length; row++)
        {
            var pad = width - prompts[row].Length;
            ids[row] = new long[width];
            mask[row] = new long[width];
            for (var i = 0; i < width; i++)
            {
                var real = i >= pad;
                ids[row][i] = real ? prompts[row][i - pad] : padId;
                mask[row][i] = real ? 1 : 0;
            }
        }

        return new LeftPaddedBatch(prompts, ids, mask);
    }
}
