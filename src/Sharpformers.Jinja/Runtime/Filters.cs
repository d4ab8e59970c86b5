using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sharpformers.Jinja.Runtime;

/// <summary>A Jinja filter: <c>value|name(arguments)</c>.</summary>
internal delegate object? FilterFunction(RenderContext context, object? value, CallArguments arguments);

/// <summary>The filters of Jinja2's default environment that chat templates use, with transformers' <c>tojson</c>.</summary>
internal static partial class Filters
{
    private static readonly Dictionary<string, FilterFunction> Registry = new(StringComparer.Ordinal)
    {
        ["abs"] = (_, v, _) => v switch
        {
            long l => (object)Math.Abs(l),
            double d => (object)Math.Abs(d),
            bool b => (object)(b ? 1L : 0L),
            _ => throw new PyException($"bad operand type for abs(): '{PyRepr.TypeName(v)}'"),
        },
        ["batch"] = SequenceFilters.Batch,
        ["slice"] = SequenceFilters.SliceInto,
        ["forceescape"] = (_, v, _) => new Markup(MarkupText.Escape(PyRepr.Str(v))),
        ["truncate"] = Truncate,
        ["attr"] = (_, v, a) => PyAttributes.GetPythonAttribute(v, PyRepr.Str(a.Get(0, "name", ""))),
        ["capitalize"] = (_, v, _) => PyText.Capitalize(SoftStr(v)),
        ["center"] = (_, v, a) => CenterText(SoftStr(v), (int)ToInteger(a.Get(0, "width", 80L))),
        ["count"] = Length,
        ["length"] = Length,
        ["default"] = Default,
        ["d"] = Default,
        ["dictsort"] = SequenceFilters.DictSort,
        ["e"] = (_, v, _) => new Markup(MarkupText.Escape(v)),
        ["escape"] = (_, v, _) => new Markup(MarkupText.Escape(v)),
        ["first"] = SequenceFilters.First,
        ["float"] = (_, v, a) => ToFloat(v, a.Get(0, "default", 0.0)),
        ["format"] = (_, v, a) => PyFormat.Percent(SoftStr(v), a.Keywords.Count > 0 ? KeywordDict(a) : new PyTuple([.. a.Positional])),
        ["indent"] = Indent,
        ["int"] = (_, v, a) => ToInt(v, a.Get(0, "default", 0L), a.Get(1, "base", 10L)),
        ["items"] = (_, v, _) => v switch
        {
            Undefined => new PyGenerator([]),
            PyDict dict => new PyGenerator(DictMethods.Items(dict)),
            _ => throw new PyException("Can only get item pairs from a mapping."),
        },
        ["join"] = SequenceFilters.Join,
        ["last"] = SequenceFilters.Last,
        ["list"] = (_, v, _) => new List<object?>(PyOps.Iterate(v)),
        ["lower"] = (_, v, _) => PyText.Lower(SoftStr(v)),
        ["upper"] = (_, v, _) => PyText.Upper(SoftStr(v)),
        ["map"] = SequenceFilters.Map,
        ["max"] = (c, v, a) => SequenceFilters.MinMax(v, a, max: true),
        ["min"] = (c, v, a) => SequenceFilters.MinMax(v, a, max: false),
        ["reject"] = (c, v, a) => SequenceFilters.Select(c, v, a, byAttribute: false, keep: false),
        ["rejectattr"] = (c, v, a) => SequenceFilters.Select(c, v, a, byAttribute: true, keep: false),
        ["select"] = (c, v, a) => SequenceFilters.Select(c, v, a, byAttribute: false, keep: true),
        ["selectattr"] = (c, v, a) => SequenceFilters.Select(c, v, a, byAttribute: true, keep: true),
        ["replace"] = Replace,
        ["reverse"] = SequenceFilters.Reverse,
        ["round"] = Round,
        ["safe"] = (_, v, _) => v is Markup ? v : new Markup(PyRepr.Str(v)),
        ["sort"] = SequenceFilters.Sort,
        ["string"] = (_, v, _) => v is Markup ? v : PyRepr.Str(v),
        ["sum"] = SequenceFilters.Sum,
        ["title"] = (_, v, _) => JinjaTitle(SoftStr(v)),
        ["tojson"] = ToJson,
        ["trim"] = (_, v, a) => Trim(v, a),
        ["unique"] = SequenceFilters.Unique,
        ["wordcount"] = (_, v, _) => (long)WordPattern().Count(SoftStr(v)),
    };

    public static bool TryGet(string name, out FilterFunction filter) => Registry.TryGetValue(name, out filter!);

    /// <summary>Jinja's <c>soft_str</c>: str() of the value, Undefined renders empty.</summary>
    public static string SoftStr(object? value) => PyRepr.Str(value);

    private static object? Length(RenderContext context, object? value, CallArguments arguments) => PyOps.Length(value);

    private static object? Default(RenderContext context, object? value, CallArguments arguments)
    {
        var fallback = arguments.Get(0, "default_value", "");
        var boolean = PyOps.Truthy(arguments.Get(1, "boolean", false));
        return value is Undefined || (boolean && !PyOps.Truthy(value)) ? fallback : value;
    }

    private static object? Trim(object? value, CallArguments arguments)
    {
        var chars = arguments.Get(0, "chars", null);
        var result = PyText.Strip(SoftStr(value), chars is null ? null : PyRepr.Str(chars), true, true);
        return value is Markup ? new Markup(result) : result;
    }

    /// <summary>Jinja's <c>truncate(length=255, killwords=False, end='...', leeway=None)</c> (leeway defaults to 5).</summary>
    private static object? Truncate(RenderContext context, object? value, CallArguments arguments)
    {
        var text = SoftStr(value);
        var length = (int)ToInteger(arguments.Get(0, "length", 255L));
        var killWords = PyOps.Truthy(arguments.Get(1, "killwords", false));
        var end = PyRepr.Str(arguments.Get(2, "end", "..."));
        var leeway = (int)ToInteger(arguments.Get(3, "leeway", null) ?? 5L);
        if (length < end.Length)
        {
            throw new PyException($"expected length >= {end.Length}, got {length}", "AssertionError");
        }

        if (leeway < 0)
        {
            throw new PyException($"expected leeway >= 0, got {leeway}", "AssertionError");
        }

        if (PyText.Length(text) <= length + leeway)
        {
            return text;
        }

        var kept = PyText.Slice(text, 0, length - end.Length, null);
        if (killWords)
        {
            return kept + end;
        }

        var lastSpace = kept.LastIndexOf(' ');
        return (lastSpace >= 0 ? kept[..lastSpace] : kept) + end;
    }

    private static object? Replace(RenderContext context, object? value, CallArguments arguments)
    {
        var method = StringMethods.Bind(SoftStr(value), "replace")!;
        var count = arguments.Get(2, "count", null) ?? -1L;
        return method.Call(context, new CallArguments(
            [PyRepr.Str(arguments.Get(0, "old", "")), PyRepr.Str(arguments.Get(1, "new", "")), count], []));
    }

    private static object? Indent(RenderContext context, object? value, CallArguments arguments)
    {
        var width = arguments.Get(0, "width", 4L);
        var indentation = width is string s ? s : new string(' ', (int)Math.Max(0, ToInteger(width)));
        var first = PyOps.Truthy(arguments.Get(1, "first", false));
        var blank = PyOps.Truthy(arguments.Get(2, "blank", false));
        var text = SoftStr(value) + "\n";
        var lines = PyText.SplitLines(text).Select(line => (string)line!).ToList();
        string result;
        if (blank)
        {
            result = string.Join("\n" + indentation, lines);
        }
        else
        {
            var builder = new StringBuilder(lines[0]);
            if (lines.Count > 1)
            {
                builder.Append('\n');
                builder.Append(string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indentation + line : line)));
            }

            result = builder.ToString();
        }

        result = first ? indentation + result : result;
        return value is Markup ? new Markup(result) : result;
    }

    private static object? Round(RenderContext context, object? value, CallArguments arguments)
    {
        var precision = (int)ToInteger(arguments.Get(0, "precision", 0L));
        var method = PyRepr.Str(arguments.Get(1, "method", "common"));
        var number = value switch
        {
            long l => l,
            double d => d,
            bool b => b ? 1 : 0,
            _ => throw new PyException($"type {PyRepr.TypeName(value)} doesn't define __round__ method"),
        };
        var scale = Math.Pow(10, precision);
        return method switch
        {
            "common" when value is long or bool && precision >= 0 => (object)ToInteger(value),
            "common" => (object)PyRound.Round(number, precision),
            "ceil" => Math.Ceiling(number * scale) / scale,
            "floor" => Math.Floor(number * scale) / scale,
            _ => throw new PyException("method must be common, ceil or floor", "FilterArgumentError"),
        };
    }

    private static object? ToJson(RenderContext context, object? value, CallArguments arguments)
    {
        var json = new PyJson(
            ensureAscii: PyOps.Truthy(arguments.Get(0, "ensure_ascii", false)),
            indent: arguments.Get(1, "indent", null),
            separators: arguments.Get(2, "separators", null),
            sortKeys: PyOps.Truthy(arguments.Get(3, "sort_keys", false)));
        return json.Serialize(value);
    }

    /// <summary>Jinja's <c>title</c> filter: capitalizes each word split on whitespace, dashes and opening brackets.</summary>
    private static string JinjaTitle(string s)
    {
        var builder = new StringBuilder();
        foreach (var piece in TitleSplitPattern().Split(s))
        {
            if (piece.Length > 0)
            {
                builder.Append(PyText.Upper(piece[..1])).Append(PyText.Lower(piece[1..]));
            }
        }

        return builder.ToString();
    }

    private static string CenterText(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }

        var total = width - s.Length;
        var left = (total / 2) + (total & width & 1);
        return new string(' ', left) + s + new string(' ', total - left);
    }

    private static PyDict KeywordDict(CallArguments arguments)
    {
        var dict = new PyDict();
        foreach (var pair in arguments.Keywords)
        {
            dict.Set(pair.Key, pair.Value);
        }

        return dict;
    }

    public static long ToInteger(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)Math.Truncate(d),
        _ => throw new PyException($"'{PyRepr.TypeName(value)}' object cannot be interpreted as an integer"),
    };

    private static object? ToInt(object? value, object? fallback, object? numberBase)
    {
        switch (value)
        {
            case Undefined undefined:
                throw undefined.Fail();
            case long or bool:
                return ToInteger(value);
            case double d:
                return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string or Markup:
                var text = PyText.Strip(PyRepr.Str(value), null, true, true).Replace("_", "", StringComparison.Ordinal);
                try
                {
                    return Convert.ToInt64(text, (int)ToInteger(numberBase));
                }
                catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
                {
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
                        ? (long)Math.Truncate(parsed)
                        : fallback;
                }

            default:
                return fallback;
        }
    }

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        Undefined undefined => throw undefined.Fail(),
        long l => (double)l,
        bool b => b ? 1.0 : 0.0,
        double d => d,
        string or Markup when double.TryParse(PyText.Strip(PyRepr.Str(value), null, true, true), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => fallback,
    };

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex TitleSplitPattern();
}
