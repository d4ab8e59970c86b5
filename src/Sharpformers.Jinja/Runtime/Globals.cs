namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// Global functions of the transformers chat-template environment: Jinja's <c>range</c>, <c>dict</c>,
/// <c>namespace</c>, and transformers' <c>raise_exception</c> and <c>strftime_now</c>.
/// </summary>
internal static class Globals
{
    private const int MaxRange = 100_000;

    private static readonly Dictionary<string, object?> Functions = new(StringComparer.Ordinal)
    {
        ["range"] = new PyFunction("range", (_, args) => Range(args)),
        ["dict"] = new PyFunction("dict", (_, args) =>
        {
            var dict = new PyDict();
            foreach (var pair in args.Keywords)
            {
                dict.Set(pair.Key, pair.Value);
            }

            return dict;
        }),
        ["namespace"] = new PyFunction("namespace", (_, args) =>
        {
            var ns = new PyNamespace();
            foreach (var initial in args.Positional)
            {
                if (initial is PyDict dict)
                {
                    foreach (var pair in dict)
                    {
                        ns.Attributes.Set(PyDict.Unwrap(pair.Key), pair.Value);
                    }
                }
            }

            foreach (var pair in args.Keywords)
            {
                ns.Attributes.Set(pair.Key, pair.Value);
            }

            return ns;
        }),
        ["raise_exception"] = new PyFunction("raise_exception", (_, args) =>
            throw new PyException(PyRepr.Str(args.Get(0, "message", "")), "TemplateError")),
        ["strftime_now"] = new PyFunction("strftime_now", (context, args) =>
            Strftime.Format(context.Clock.GetLocalNow().DateTime, PyRepr.Str(args.Get(0, "format", "")))),
    };

    public static bool TryGet(string name, out object? value) => Functions.TryGetValue(name, out value);

    private static List<object?> Range(CallArguments args)
    {
        long start = 0, step = 1, stop;
        var values = args.Positional.Select(ToInteger).ToArray();
        switch (values.Length)
        {
            case 1: stop = values[0]; break;
            case 2: start = values[0]; stop = values[1]; break;
            case 3: start = values[0]; stop = values[1]; step = values[2]; break;
            default: throw new PyException($"range expected at most 3 arguments, got {values.Length}");
        }

        if (step == 0)
        {
            throw new PyException("range() arg 3 must not be zero", "ValueError");
        }

        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            if (result.Count >= MaxRange)
            {
                throw new PyException($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).", "OverflowError");
            }

            result.Add(i);
        }

        return result;
    }

    private static long ToInteger(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new PyException($"'{PyRepr.TypeName(value)}' object cannot be interpreted as an integer"),
    };
}
