namespace Sharpformers.Jinja.Runtime;

/// <summary>A Jinja test: <c>value is name(arguments)</c>.</summary>
internal delegate bool TestFunction(RenderContext context, object? value, CallArguments arguments);

/// <summary>The tests of Jinja2's default environment, with Python's type semantics.</summary>
internal static class Tests
{
    private static readonly TestFunction EqualTo = (_, v, a) => PyOps.PyEquals(v, a.Get(0, "other", null));
    private static readonly TestFunction NotEqual = (_, v, a) => !PyOps.PyEquals(v, a.Get(0, "other", null));
    private static readonly TestFunction Less = (_, v, a) => PyOps.Compare(v, a.Get(0, "other", null), "<") < 0;
    private static readonly TestFunction LessOrEqual = (_, v, a) => PyOps.Compare(v, a.Get(0, "other", null), "<=") <= 0;
    private static readonly TestFunction Greater = (_, v, a) => PyOps.Compare(v, a.Get(0, "other", null), ">") > 0;
    private static readonly TestFunction GreaterOrEqual = (_, v, a) => PyOps.Compare(v, a.Get(0, "other", null), ">=") >= 0;

    private static readonly Dictionary<string, TestFunction> Registry = new(StringComparer.Ordinal)
    {
        ["defined"] = (_, v, _) => v is not Undefined,
        ["undefined"] = (_, v, _) => v is Undefined,
        ["none"] = (_, v, _) => v is null,
        ["string"] = (_, v, _) => v is string or Markup,
        ["mapping"] = (_, v, _) => v is PyDict,
        ["iterable"] = (_, v, _) => v is string or Markup or List<object?> or PyTuple or PyDict or PyGenerator or Undefined,
        ["sequence"] = (_, v, _) => v is string or Markup or List<object?> or PyTuple or PyDict or Undefined,
        ["number"] = (_, v, _) => v is long or double or bool or System.Numerics.BigInteger,
        ["integer"] = (_, v, _) => v is long or System.Numerics.BigInteger,
        ["float"] = (_, v, _) => v is double,
        ["boolean"] = (_, v, _) => v is bool,
        ["true"] = (_, v, _) => v is true,
        ["false"] = (_, v, _) => v is false,
        ["callable"] = (_, v, _) => v is IPyCallable or Undefined,
        ["escaped"] = (_, v, _) => v is Markup,
        ["odd"] = (_, v, _) => Filters.ToInteger(v) % 2 != 0,
        ["even"] = (_, v, _) => Filters.ToInteger(v) % 2 == 0,
        ["divisibleby"] = (_, v, a) => Filters.ToInteger(v) % Filters.ToInteger(a.Get(0, "num", 1L)) == 0,
        ["lower"] = (_, v, _) => PyRepr.Str(v) is var s && s == PyText.Lower(s),
        ["upper"] = (_, v, _) => PyRepr.Str(v) is var s && s == PyText.Upper(s),
        ["in"] = (_, v, a) => PyOps.Contains(a.Get(0, "seq", null), v),
        ["sameas"] = (_, v, a) => a.Get(0, "other", null) is var other && (ReferenceEquals(v, other) || (v is null or bool && PyOps.PyEquals(v, other) && other is null or bool)),
        ["filter"] = (_, v, _) => v is string name && Filters.TryGet(name, out _),
        ["test"] = (_, v, _) => v is string name && Registry!.ContainsKey(name),
        ["eq"] = EqualTo,
        ["equalto"] = EqualTo,
        ["=="] = EqualTo,
        ["ne"] = NotEqual,
        ["!="] = NotEqual,
        ["lt"] = Less,
        ["lessthan"] = Less,
        ["<"] = Less,
        ["le"] = LessOrEqual,
        ["<="] = LessOrEqual,
        ["gt"] = Greater,
        ["greaterthan"] = Greater,
        [">"] = Greater,
        ["ge"] = GreaterOrEqual,
        [">="] = GreaterOrEqual,
    };

    public static bool TryGet(string name, out TestFunction test) => Registry.TryGetValue(name, out test!);
}
