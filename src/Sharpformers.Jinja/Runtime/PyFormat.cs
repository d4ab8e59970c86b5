using System.Globalization;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Python string formatting: <c>"%s" % args</c> and <c>str.format</c> (common conversions).</summary>
internal static class PyFormat
{
    public static string Percent(string format, object? arguments)
    {
        var values = arguments is PyTuple tuple ? tuple.Items : [arguments];
        var mapping = arguments as PyDict;
        var next = 0;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                throw new PyException("incomplete format", "ValueError");
            }

            object? value;
            if (format[i] == '(' && mapping is not null)
            {
                var close = format.IndexOf(')', i);
                mapping.TryGet(format[(i + 1)..close], out value);
                i = close + 1;
            }
            else
            {
                value = null;
            }

            var specStart = i;
            while (i < format.Length && "-+ #0123456789.".Contains(format[i]))
            {
                i++;
            }

            var spec = format[specStart..i];
            var conversion = format[i];
            if (conversion == '%')
            {
                builder.Append('%');
                continue;
            }

            if (mapping is null)
            {
                if (next >= values.Length)
                {
                    throw new PyException("not enough arguments for format string");
                }

                value = values[next++];
            }

            builder.Append(FormatSpec(value, spec, conversion));
        }

        if (mapping is null && next < values.Length)
        {
            throw new PyException("not all arguments converted during string formatting");
        }

        return builder.ToString();
    }

    private static string FormatSpec(object? value, string spec, char conversion)
    {
        var flagCount = 0;
        while (flagCount < spec.Length && "-+ #0".Contains(spec[flagCount]))
        {
            flagCount++;
        }

        var flags = spec[..flagCount];
        var numbers = spec[flagCount..];
        var leftAlign = flags.Contains('-');
        var zeroPad = flags.Contains('0');
        var dot = numbers.IndexOf('.');
        var width = int.TryParse(dot >= 0 ? numbers[..dot] : numbers, out var w) ? w : 0;
        int? precision = dot >= 0 ? int.Parse(numbers[(dot + 1)..] is { Length: > 0 } p ? p : "0", CultureInfo.InvariantCulture) : null;
        string text = conversion switch
        {
            's' => PyRepr.Str(value),
            'r' => PyRepr.Repr(value),
            'd' or 'i' => ToInteger(value).ToString(CultureInfo.InvariantCulture),
            'f' or 'F' => ToNumber(value).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
            'x' => ToInteger(value).ToString("x", CultureInfo.InvariantCulture),
            'X' => ToInteger(value).ToString("X", CultureInfo.InvariantCulture),
            _ => throw new PyException($"unsupported format character '{conversion}'", "ValueError"),
        };
        if (conversion is not ('s' or 'r') && !text.StartsWith('-'))
        {
            text = flags.Contains('+') ? "+" + text : flags.Contains(' ') ? " " + text : text;
        }

        if (conversion == 's' && precision is not null && text.Length > precision)
        {
            text = text[..precision.Value];
        }

        if (text.Length < width)
        {
            text = leftAlign ? text.PadRight(width) : (zeroPad && conversion != 's' ? text.PadLeft(width, '0') : text.PadLeft(width));
        }

        return text;
    }

    private static long ToInteger(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)Math.Truncate(d),
        _ => throw new PyException($"%d format: a real number is required, not {PyRepr.TypeName(value)}"),
    };

    private static double ToNumber(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => d,
        _ => throw new PyException($"must be real number, not {PyRepr.TypeName(value)}"),
    };

    /// <summary>Python <c>str.format</c> with automatic/explicit indices, names and simple format specs.</summary>
    public static string Format(string format, CallArguments arguments)
    {
        var builder = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append('}');
                i++;
                continue;
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            var close = format.IndexOf('}', i);
            if (close < 0)
            {
                throw new PyException("Single '{' encountered in format string", "ValueError");
            }

            var field = format[(i + 1)..close];
            i = close;
            var colon = field.IndexOf(':');
            var spec = colon >= 0 ? field[(colon + 1)..] : "";
            var name = colon >= 0 ? field[..colon] : field;
            object? value;
            if (name.Length == 0)
            {
                value = auto < arguments.Positional.Count ? arguments.Positional[auto++] : throw new PyException("Replacement index out of range", "IndexError");
            }
            else if (int.TryParse(name, out var index))
            {
                value = index < arguments.Positional.Count ? arguments.Positional[index] : throw new PyException("Replacement index out of range", "IndexError");
            }
            else
            {
                value = arguments.Keywords.FirstOrDefault(pair => pair.Key == name) is { Key: not null } pair ? pair.Value : throw new PyException($"'{name}'", "KeyError");
            }

            builder.Append(ApplySpec(value, spec));
        }

        return builder.ToString();
    }

    private static string ApplySpec(object? value, string spec)
    {
        if (spec.Length == 0)
        {
            return PyRepr.Str(value);
        }

        if (spec.EndsWith('f') && value is long or double)
        {
            var digits = spec.IndexOf('.') is var dot and >= 0 ? spec[(dot + 1)..^1] : "6";
            return ToNumber(value).ToString("F" + digits, CultureInfo.InvariantCulture);
        }

        if (int.TryParse(spec.TrimStart('<', '>'), out var width))
        {
            var text = PyRepr.Str(value);
            var right = spec.StartsWith('>') || (!spec.StartsWith('<') && value is long or double);
            return right ? text.PadLeft(width) : text.PadRight(width);
        }

        throw new PyException($"unsupported format spec '{spec}'", "ValueError");
    }
}
