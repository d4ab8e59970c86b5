using System.Globalization;
using System.Numerics;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Python's <c>str()</c> and <c>repr()</c> of template values, byte for byte.</summary>
internal static class PyRepr
{
    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        Markup m => m.Value,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Undefined => "",
        _ => Repr(value),
    };

    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value);
        return builder.ToString();
    }

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string => "str",
        Markup => "Markup",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        List<object?> => "list",
        PyTuple => "tuple",
        PyDict => "dict",
        PyNamespace => "Namespace",
        PyGenerator => "generator",
        Undefined => "Undefined",
        LoopContext => "LoopContext",
        Macro => "Macro",
        _ => "function",
    };

    private static void AppendRepr(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case string s:
                AppendStringRepr(builder, s);
                break;
            case Markup m:
                builder.Append("Markup(");
                AppendStringRepr(builder, m.Value);
                builder.Append(')');
                break;
            case List<object?> list:
                builder.Append('[');
                AppendItems(builder, list);
                builder.Append(']');
                break;
            case PyTuple tuple:
                builder.Append('(');
                AppendItems(builder, tuple);
                if (tuple.Count == 1)
                {
                    builder.Append(',');
                }

                builder.Append(')');
                break;
            case PyDict dict:
                builder.Append('{');
                var first = true;
                foreach (var pair in dict)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendRepr(builder, PyDict.Unwrap(pair.Key));
                    builder.Append(": ");
                    AppendRepr(builder, pair.Value);
                }

                builder.Append('}');
                break;
            case PyNamespace ns:
                builder.Append("<Namespace ");
                AppendRepr(builder, ns.Attributes);
                builder.Append('>');
                break;
            case Undefined:
                builder.Append("Undefined");
                break;
            case PyGenerator:
                builder.Append("<generator object>");
                break;
            case Macro macro:
                builder.Append("<Macro '").Append(macro.Name).Append("'>");
                break;
            case PyFunction function:
                builder.Append("<function ").Append(function.Name).Append('>');
                break;
            case LoopContext:
                builder.Append("<LoopContext>");
                break;
            default:
                builder.Append(Str(value));
                break;
        }
    }

    private static void AppendItems(StringBuilder builder, IEnumerable<object?> items)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            AppendRepr(builder, item);
        }
    }

    private static void AppendStringRepr(StringBuilder builder, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, s[i + 1]);
            }

            switch (c)
            {
                case '\\': builder.Append("\\\\"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
            }

            if (c == quote)
            {
                builder.Append('\\').Append(c);
            }
            else if (PyText.IsPrintable(codePoint))
            {
                builder.Append(codePoint > 0xFFFF ? s.AsSpan(i, 2) : s.AsSpan(i, 1));
            }
            else if (codePoint < 0x100)
            {
                builder.Append("\\x").Append(codePoint.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (codePoint < 0x10000)
            {
                builder.Append("\\u").Append(codePoint.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\U").Append(codePoint.ToString("x8", CultureInfo.InvariantCulture));
            }

            if (codePoint > 0xFFFF)
            {
                i++;
            }
        }

        builder.Append(quote);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, scientific below 1e-4 and from 1e16.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var (negative, digits, pointPosition) = ShortestDigits(value);
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        var exponent = pointPosition - 1;
        if (exponent < -4 || exponent >= 16)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            builder.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }

    /// <summary>Splits the shortest round-trip form into sign, significant digits and decimal point position.</summary>
    private static (bool Negative, string Digits, int PointPosition) ShortestDigits(double value)
    {
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E');
        var mantissa = exponentAt >= 0 ? roundTrip[..exponentAt] : roundTrip;
        var exponent = exponentAt >= 0 ? int.Parse(roundTrip[(exponentAt + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var integerPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fraction = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var allDigits = integerPart + fraction;
        var pointPosition = integerPart.Length + exponent;
        var leading = 0;
        while (leading < allDigits.Length - 1 && allDigits[leading] == '0')
        {
            leading++;
        }

        allDigits = allDigits[leading..];
        pointPosition -= leading;
        allDigits = allDigits.TrimEnd('0');
        if (allDigits.Length == 0)
        {
            allDigits = "0";
        }

        return (value < 0, allDigits, pointPosition);
    }
}
