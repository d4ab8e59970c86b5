namespace Sharpformers.Jinja.Runtime;

/// <summary>The read-only methods of Python lists and tuples: index, count, copy.</summary>
internal static class ListMethods
{
    public static PyFunction? Bind(IReadOnlyList<object?> items, string name) => name switch
    {
        "index" => new PyFunction("index", (_, args) =>
        {
            var wanted = args.Get(0, "value", null);
            for (var i = 0; i < items.Count; i++)
            {
                if (PyOps.PyEquals(items[i], wanted))
                {
                    return (long)i;
                }
            }

            throw new PyException($"{PyRepr.Repr(wanted)} is not in list", "ValueError");
        }),
        "count" => new PyFunction("count", (_, args) =>
        {
            var wanted = args.Get(0, "value", null);
            long count = 0;
            foreach (var item in items)
            {
                if (PyOps.PyEquals(item, wanted))
                {
                    count++;
                }
            }

            return count;
        }),
        "copy" when items is List<object?> list => new PyFunction("copy", (_, _) => new List<object?>(list)),
        _ => null,
    };
}
