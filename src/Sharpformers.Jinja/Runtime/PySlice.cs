namespace Sharpformers.Jinja.Runtime;

/// <summary>Python slice index arithmetic (<c>slice.indices</c>).</summary>
internal static class PySlice
{
    /// <summary>Clamped [from, to) for a step-1 slice.</summary>
    public static (int From, int To) Bounds(int length, long? start, long? stop)
    {
        var from = Clamp(start ?? 0, length, 0, length);
        var to = Clamp(stop ?? length, length, 0, length);
        return (from, to);
    }

    public static IEnumerable<int> Indices(int length, long? start, long? stop, long? step)
    {
        var increment = step ?? 1;
        if (increment == 0)
        {
            throw new PyException("slice step cannot be zero", "ValueError");
        }

        if (increment > 0)
        {
            var (from, to) = Bounds(length, start, stop);
            for (long i = from; i < to; i += increment)
            {
                yield return (int)i;
            }
        }
        else
        {
            long from = start is null ? length - 1 : Clamp(start.Value, length, -1, length - 1);
            long to = stop is null ? -1 : Clamp(stop.Value, length, -1, length - 1);
            for (var i = from; i > to; i += increment)
            {
                yield return (int)i;
            }
        }
    }

    private static int Clamp(long index, int length, int low, int high)
    {
        if (index < 0)
        {
            index += length;
            if (index < low)
            {
                index = low;
            }
        }
        else if (index > high)
        {
            index = high;
        }

        return (int)index;
    }

    public static List<object?> Apply(IReadOnlyList<object?> items, long? start, long? stop, long? step)
    {
        var result = new List<object?>();
        foreach (var index in Indices(items.Count, start, stop, step))
        {
            result.Add(items[index]);
        }

        return result;
    }
}
