namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>Helpers shared by processors that act on a fixed list of token ids.</summary>
internal static class TokenSet
{
    public static int[] Copy(IReadOnlyList<int> ids, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ids, parameterName);
        var copy = new int[ids.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            if (ids[i] < 0)
            {
                throw new ArgumentException($"token ids must not be negative (found {ids[i]})", parameterName);
            }

            copy[i] = ids[i];
        }

        return copy;
    }

    public static void Set(Span<float> scores, ReadOnlySpan<int> ids, float value)
    {
        foreach (var id in ids)
        {
            if ((uint)id < (uint)scores.Length)
            {
                scores[id] = value;
            }
        }
    }
}
