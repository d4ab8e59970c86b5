namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// Attribute (<c>a.b</c>) and item (<c>a[b]</c>) access as Jinja2's ImmutableSandboxedEnvironment does it:
/// attributes first for <c>.</c> (so <c>dict.items</c> is the method), items first for <c>[]</c>,
/// methods that mutate lists and dicts are unsafe.
/// </summary>
internal static class PyAttributes
{
    private static readonly HashSet<string> UnsafeListMethods = ["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "__setitem__"];
    private static readonly HashSet<string> UnsafeDictMethods = ["pop", "popitem", "setdefault", "update", "clear"];

    public static object? GetAttribute(object? target, string name)
    {
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case PyNamespace ns:
                return ns.Attributes.TryGet(name, out var attribute) ? attribute : Missing(target, name);
            case LoopContext loop:
                return loop.GetAttribute(name);
        }

        if (name.StartsWith('_'))
        {
            return Unsafe(target, name);
        }

        var method = BoundMethod(target, name);
        if (method is not null)
        {
            return method;
        }

        if (target is PyDict dict && dict.TryGet(name, out var value))
        {
            return value;
        }

        return Missing(target, name);
    }

    /// <summary>Python <c>getattr</c> only (no item fallback), as the <c>attr</c> filter does.</summary>
    public static object? GetPythonAttribute(object? target, string name) => target switch
    {
        Undefined undefined => throw undefined.Fail(),
        PyNamespace or LoopContext => GetAttribute(target, name),
        _ when name.StartsWith('_') => Unsafe(target, name),
        _ => BoundMethod(target, name) ?? Missing(target, name),
    };

    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case PyDict dict:
                if (key is List<object?> or PyDict)
                {
                    throw new PyException($"unhashable type: '{PyRepr.TypeName(key)}'");
                }

                if (dict.TryGet(key, out var value))
                {
                    return value;
                }

                break;
            case List<object?> or PyTuple or string or Markup when key is long or bool:
                var index = key is bool b ? (b ? 1 : 0) : (long)key;
                if (target is string or Markup)
                {
                    var character = PyText.At(PyRepr.Str(target), index);
                    if (character is not null)
                    {
                        return target is Markup ? new Markup(character) : character;
                    }

                    break;
                }

                var items = (IReadOnlyList<object?>)target;
                if (index < 0)
                {
                    index += items.Count;
                }

                if (index >= 0 && index < items.Count)
                {
                    return items[(int)index];
                }

                break;
            case List<object?> or PyTuple or string or Markup when key is not string:
                return new Undefined($"{PyRepr.TypeName(target)} indices must be integers or slices, not {PyRepr.TypeName(key)}");
        }

        if (key is string name)
        {
            return target switch
            {
                PyNamespace or LoopContext => GetAttribute(target, name),
                _ when name.StartsWith('_') => Unsafe(target, name),
                _ => BoundMethod(target, name) ?? Missing(target, name),
            };
        }

        return new Undefined($"{DescribeForMessage(target)} has no element {PyRepr.Repr(key)}");
    }

    private static Undefined Missing(object? target, string name) =>
        new($"{DescribeForMessage(target)} has no attribute '{name}'");

    private static Undefined Unsafe(object? target, string name) =>
        new($"access to attribute '{name}' of '{PyRepr.TypeName(target)}' object is unsafe.", unsafeAccess: true);

    private static string DescribeForMessage(object? target) => target is null ? "None" : $"'{PyRepr.TypeName(target)} object'";

    private static object? BoundMethod(object? target, string name)
    {
        switch (target)
        {
            case string or Markup:
                return StringMethods.Bind(target, name);
            case PyDict dict:
                return UnsafeDictMethods.Contains(name) ? Unsafe(target, name) : DictMethods.Bind(dict, name);
            case List<object?> list:
                return UnsafeListMethods.Contains(name) ? Unsafe(target, name) : ListMethods.Bind(list, name);
            case PyTuple tuple:
                return ListMethods.Bind(tuple, name);
            default:
                return null;
        }
    }
}
