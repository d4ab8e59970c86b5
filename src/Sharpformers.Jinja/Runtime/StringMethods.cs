using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Python <c>str</c> methods callable from templates (<c>content.strip()</c>, <c>name.split('.')</c>...).</summary>
internal static class StringMethods
{
    public static PyFunction? Bind(object target, string name)
    {
        var s = PyRepr.Str(target);
        var isMarkup = target is Markup;
        Func<CallArguments, object?>? body = name switch
        {
            "strip" => args => PyText.Strip(s, OptionalString(args, 0, "chars"), true, true),
            "lstrip" => args => PyText.Strip(s, OptionalString(args, 0, "chars"), true, false),
            "rstrip" => args => PyText.Strip(s, OptionalString(args, 0, "chars"), false, true),
            "upper" => _ => PyText.Upper(s),
            "lower" => _ => PyText.Lower(s),
            "title" => _ => PyText.Title(s),
            "capitalize" => _ => PyText.Capitalize(s),
            "swapcase" => _ => new string(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray()),
            "startswith" => args => Affix(s, args, start: true),
            "endswith" => args => Affix(s, args, start: false),
            "split" => args => PyText.Split(s, OptionalString(args, 0, "sep"), Integer(args, 1, "maxsplit", -1)),
            "rsplit" => args => PyText.RSplit(s, OptionalString(args, 0, "sep"), Integer(args, 1, "maxsplit", -1)),
            "splitlines" => args => PyText.SplitLines(s, PyOps.Truthy(args.Get(0, "keepends", false))),
            "replace" => args => Replace(s, RequiredString(args, 0, "old"), RequiredString(args, 1, "new"), Integer(args, 2, "count", -1)),
            "join" => args => Join(s, args.Get(0, "iterable", null)),
            "count" => args => PyText.Count(s, RequiredString(args, 0, "sub")),
            "find" => args => PyText.CodePointIndex(s, s.IndexOf(RequiredString(args, 0, "sub"), StringComparison.Ordinal)),
            "rfind" => args => PyText.CodePointIndex(s, s.LastIndexOf(RequiredString(args, 0, "sub"), StringComparison.Ordinal)),
            "index" => args => s.IndexOf(RequiredString(args, 0, "sub"), StringComparison.Ordinal) is var at and >= 0
                ? PyText.CodePointIndex(s, at)
                : throw new PyException("substring not found", "ValueError"),
            "format" => args => PyFormat.Format(s, args),
            "isdigit" or "isdecimal" or "isnumeric" => _ => s.Length > 0 && s.All(char.IsDigit),
            "isalpha" => _ => s.Length > 0 && s.All(char.IsLetter),
            "isalnum" => _ => s.Length > 0 && s.All(char.IsLetterOrDigit),
            "isspace" => _ => s.Length > 0 && s.All(PyText.IsSpace),
            "isupper" => _ => s.Any(char.IsLetter) && !s.Any(char.IsLower),
            "islower" => _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper),
            "removeprefix" => args => RequiredString(args, 0, "prefix") is var prefix && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s,
            "removesuffix" => args => RequiredString(args, 0, "suffix") is var suffix && suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s,
            "zfill" => args => ZeroFill(s, (int)Integer(args, 0, "width", 0)),
            "center" => args => Center(s, (int)Integer(args, 0, "width", 0), OptionalString(args, 1, "fillchar") ?? " "),
            "ljust" => args => s.PadRight((int)Integer(args, 0, "width", 0), (OptionalString(args, 1, "fillchar") ?? " ")[0]),
            "rjust" => args => s.PadLeft((int)Integer(args, 0, "width", 0), (OptionalString(args, 1, "fillchar") ?? " ")[0]),
            "partition" => args => Partition(s, RequiredString(args, 0, "sep"), fromEnd: false),
            "rpartition" => args => Partition(s, RequiredString(args, 0, "sep"), fromEnd: true),
            _ => null,
        };
        if (body is null)
        {
            return null;
        }

        return new PyFunction(name, (_, args) =>
        {
            var result = body(args);
            return isMarkup && result is string text && name is not ("find" or "rfind" or "index" or "count") ? new Markup(text) : result;
        });
    }

    private static string? OptionalString(CallArguments args, int index, string name) => args.Get(index, name, null) switch
    {
        null => null,
        string s => s,
        Markup m => m.Value,
        var other => throw new PyException($"{name} must be None or a string, not {PyRepr.TypeName(other)}"),
    };

    private static string RequiredString(CallArguments args, int index, string name) =>
        OptionalString(args, index, name) ?? throw new PyException($"argument '{name}' must be str, not None");

    private static long Integer(CallArguments args, int index, string name, long fallback) => args.Get(index, name, fallback) switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        var other => throw new PyException($"'{PyRepr.TypeName(other)}' object cannot be interpreted as an integer"),
    };

    private static bool Affix(string s, CallArguments args, bool start)
    {
        var candidates = args.Get(0, "prefix", null) switch
        {
            PyTuple tuple => tuple.Items.Select(PyRepr.Str).ToArray(),
            string text => [text],
            Markup m => [m.Value],
            var other => throw new PyException($"{(start ? "startswith" : "endswith")} first arg must be str or a tuple of str, not {PyRepr.TypeName(other)}"),
        };
        var from = args.Positional.Count > 1 ? (int)Math.Clamp((long)args.Positional[1]!, 0, s.Length) : 0;
        var subject = s[from..];
        return candidates.Any(candidate => start
            ? subject.StartsWith(candidate, StringComparison.Ordinal)
            : subject.EndsWith(candidate, StringComparison.Ordinal));
    }

    private static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var position = 0;
        for (long i = 0; i < count; i++)
        {
            var found = s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            builder.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
        }

        return builder.Append(s, position, s.Length - position).ToString();
    }

    private static string InsertEverywhere(string s, string insert)
    {
        var builder = new StringBuilder(insert);
        foreach (var point in PyText.CodePoints(s))
        {
            builder.Append(point).Append(insert);
        }

        return builder.ToString();
    }

    private static string Join(string separator, object? iterable)
    {
        var builder = new StringBuilder();
        var first = true;
        foreach (var item in PyOps.Iterate(iterable))
        {
            if (item is not (string or Markup))
            {
                throw new PyException($"sequence item: expected str instance, {PyRepr.TypeName(item)} found");
            }

            if (!first)
            {
                builder.Append(separator);
            }

            first = false;
            builder.Append(PyRepr.Str(item));
            RenderBudget.CheckLength(builder.Length);
        }

        return builder.ToString();
    }

    private static string ZeroFill(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }

        var sign = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[..1] : "";
        return sign + new string('0', width - s.Length) + s[sign.Length..];
    }

    private static string Center(string s, int width, string fill)
    {
        if (s.Length >= width)
        {
            return s;
        }

        var total = width - s.Length;
        var left = (total / 2) + (total & width & 1);
        return new string(fill[0], left) + s + new string(fill[0], total - left);
    }

    private static PyTuple Partition(string s, string separator, bool fromEnd)
    {
        var at = fromEnd ? s.LastIndexOf(separator, StringComparison.Ordinal) : s.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            return fromEnd ? new PyTuple(["", "", s]) : new PyTuple([s, "", ""]);
        }

        return new PyTuple([s[..at], separator, s[(at + separator.Length)..]]);
    }
}
