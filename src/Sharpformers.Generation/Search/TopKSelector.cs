namespace Sharpformers.Generation.Search;

/// <summary>Keeps the k largest values seen (descending, earlier index first on ties) without sorting everything.</summary>
internal static class TopKSelector
{
    /// <summary>Offers one value to the running top-k held in <paramref name="values"/>/<paramref name="indices"/> (length k, <paramref name="count"/> filled).</summary>
    public static void Insert(float value, int index, Span<float> values, Span<int> indices, ref int count)
    {
        var k = values.Length;
        if (count == k && !(value > values[k - 1]))
        {
            return;
        }

        var position = count < k ? count : k - 1;
        while (position > 0 && value > values[position - 1])
        {
            values[position] = values[position - 1];
            indices[position] = indices[position - 1];

            position--;
        }

        values[position] = value;
        indices[position] = index;
        if (count < k)
        {
            count++;
        }
    }
}
