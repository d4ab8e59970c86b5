using System.Collections;

namespace Sharpformers.Jinja.Runtime;

// Python values are represented as plain CLR objects:
//   None -> null, bool -> bool, int -> long, float -> double, str -> string,
//   list -> List<object?>, tuple -> PyTuple, dict -> PyDict, Markup -> Markup,
//   Jinja Undefined -> Undefined, and the types below.

/// <summary>Jinja2's default <c>Undefined</c>: renders empty, is falsy, fails on attribute or item access.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Instance = new(null);

    public Undefined(string? hint, bool unsafeAccess = false)
    {
        Hint = hint;
        IsUnsafeAccess = unsafeAccess;
    }

    /// <summary>Why the value is undefined (used in the error raised when it is used).</summary>
    public string? Hint { get; }

    /// <summary>True when it stands for a sandbox-forbidden attribute (calling it is a security error).</summary>
    public bool IsUnsafeAccess { get; }

    public PyException Fail() => new(Hint ?? "value is undefined", IsUnsafeAccess ? "SecurityError" : "UndefinedError");

    public override string ToString() => "";
}

/// <summary>A markupsafe <c>Markup</c> string: a string that escapes what is concatenated to it.</summary>
internal sealed record Markup(string Value)
{
    public override string ToString() => Value;
}

/// <summary>An immutable Python tuple.</summary>
internal sealed class PyTuple(object?[] items) : IReadOnlyList<object?>
{
    public static readonly PyTuple Empty = new([]);

    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();
}

/// <summary>An insertion-ordered Python dict keyed with Python equality.</summary>
internal sealed class PyDict : IEnumerable<KeyValuePair<object, object?>>
{
    private static readonly object NoneKey = new();
    private readonly OrderedDictionary<object, object?> items = new(PyKeyComparer.Instance);

    public int Count => items.Count;

    public void Set(object? key, object? value) => items[Wrap(key)] = value;

    public bool TryGet(object? key, out object? value) => items.TryGetValue(Wrap(key), out value);

    public bool ContainsKey(object? key) => items.ContainsKey(Wrap(key));

    public IEnumerable<object?> Keys
    {
        get
        {
            foreach (var key in items.Keys)
            {
                yield return Unwrap(key);
            }
        }
    }

    public IEnumerable<object?> Values => items.Values;

    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static object? Unwrap(object key) => ReferenceEquals(key, NoneKey) ? null : key;

    private static object Wrap(object? key)
    {
        if (key is List<object?> or PyDict)
        {
            throw new PyException($"unhashable type: '{PyRepr.TypeName(key)}'", "TypeError");
        }

        return key ?? NoneKey;
    }
}

/// <summary>The object returned by Jinja's <c>namespace()</c>: attributes can be assigned with <c>set</c>.</summary>
internal sealed class PyNamespace
{
    public PyDict Attributes { get; } = new();
}

/// <summary>A Python generator (what select/map/unique return): iterable, always truthy, no length.</summary>
internal sealed class PyGenerator(IReadOnlyList<object?> items)
{
    public IReadOnlyList<object?> Items { get; } = items;
}

/// <summary>Something callable from a template: a macro, a global function or a bound method.</summary>
internal interface IPyCallable
{
    object? Call(RenderContext context, CallArguments arguments);
}

/// <summary>Positional and keyword arguments of a call.</summary>
internal sealed class CallArguments(List<object?> positional, List<KeyValuePair<string, object?>> keywords)
{
    public static readonly CallArguments None = new([], []);

    public List<object?> Positional { get; } = positional;

    public List<KeyValuePair<string, object?>> Keywords { get; } = keywords;

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback)
    {
        foreach (var pair in Keywords)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return index >= 0 && index < Positional.Count ? Positional[index] : fallback;
    }

    public bool Has(int index, string name)
    {
        foreach (var pair in Keywords)
        {
            if (pair.Key == name)
            {
                return true;
            }
        }

        return index >= 0 && index < Positional.Count;
    }
}

/// <summary>A CLR function exposed to templates (globals such as <c>raise_exception</c>, bound methods).</summary>
internal sealed class PyFunction(string name, Func<RenderContext, CallArguments, object?> body) : IPyCallable
{
    public string Name { get; } = name;

    public object? Call(RenderContext context, CallArguments arguments) => body(context, arguments);
}
