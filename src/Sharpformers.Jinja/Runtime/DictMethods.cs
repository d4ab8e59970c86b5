namespace Sharpformers.Jinja.Runtime;

/// <summary>The read-only methods of Python dicts: items, keys, values, get, copy.</summary>
internal static class DictMethods
{
    public static PyFunction? Bind(PyDict dict, string name) => name switch
    {
        "items" => new PyFunction("items", (_, _) => Items(dict)),
        "keys" => new PyFunction("keys", (_, _) => dict.Keys.ToList()),
        "values" => new PyFunction("values", (_, _) => dict.Values.ToList()),
        "get" => new PyFunction("get", (_, args) =>
        {
            if (args.Positional.Count == 0)
            {
                throw new PyException("get expected at least 1 argument, got 0");
            }

            return dict.TryGet(args.Positional[0], out var value) ? value : args.Get(1, "default", null);
        }),
        "copy" => new PyFunction("copy", (_, _) =>
        {
            var copy = new PyDict();
            foreach (var pair in dict)
            {
                copy.Set(PyDict.Unwrap(pair.Key), pair.Value);
            }

            return copy;
        }),
        _ => null,
    };

    public static List<object?> Items(PyDict dict)
    {
        var items = new List<object?>(dict.Count);
        foreach (var pair in dict)
        {
            items.Add(new PyTuple([PyDict.Unwrap(pair.Key), pair.Value]));
        }

        return items;
    }
}
