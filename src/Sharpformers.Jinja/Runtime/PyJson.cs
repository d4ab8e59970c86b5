using System.Globalization;
using System.Numerics;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// Python's <c>json.dumps</c> as transformers' <c>tojson</c> filter calls it: no HTML escaping,
/// <c>ensure_ascii=False</c> by default, optional indent, separators and sort_keys.
/// </summary>
internal sealed class PyJson
{
    private readonly bool ensureAscii;
    private readonly string? indent;
    private readonly string itemSeparator;
    private readonly string keySeparator;
    private readonly bool sortKeys;

    public PyJson(bool ensureAscii, object? indent, object? separators, bool sortKeys)
    {
        this.ensureAscii = ensureAscii;
        this.sortKeys = sortKeys;
        this.indent = indent switch
        {
            null => null,
            long n => new string(' ', (int)Math.Max(0, n)),
            bool b => new string(' ', b ? 1 : 0),
            string s => s,
            _ => throw new PyException($"indent must be an int or a string, not {PyRepr.TypeName(indent)}"),
        };
        if (separators is null)
        {
            itemSeparator = this.indent is null ? ", " : ",";
            keySeparator = ": ";
        }
        else
        {
            var pair = PyOps.Iterate(separators);
            if (pair.Count != 2)
            {
                throw new PyException("separators must be a pair of strings", "ValueError");
            }

            itemSeparator = PyRepr.Str(pair[0]);
            keySeparator = PyRepr.Str(pair[1]);
        }
    }

    public string Serialize(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value, 0);
        return builder.ToString();
    }

    private void Write(StringBuilder builder, object? value, int level)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long or BigInteger:
                builder.Append(PyRepr.Str(value));
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyRepr.FloatRepr(d));
                break;
            case string or Markup:
                WriteString(builder, PyRepr.Str(value));
                break;
            case List<object?> or PyTuple:
                WriteArray(builder, (IReadOnlyList<object?>)value, level);
                break;
            case PyDict dict:
                WriteObject(builder, dict, level);
                break;
            default:
                throw new PyException($"Object of type {PyRepr.TypeName(value)} is not JSON serializable");
        }
    }

    private void WriteArray(StringBuilder builder, IReadOnlyList<object?> items, int level)
    {
        if (items.Count == 0)
        {
            builder.Append("[]");
            return;
        }

        builder.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(itemSeparator);
            }

            NewLine(builder, level + 1);
            Write(builder, items[i], level + 1);
        }

        NewLine(builder, level);
        builder.Append(']');
    }

    private void WriteObject(StringBuilder builder, PyDict dict, int level)
    {
        if (dict.Count == 0)
        {
            builder.Append("{}");
            return;
        }

        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (var pair in dict)
        {
            pairs.Add(new(KeyText(PyDict.Unwrap(pair.Key)), pair.Value));
        }

        if (sortKeys)
        {
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        builder.Append('{');
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(itemSeparator);
            }

            NewLine(builder, level + 1);
            WriteString(builder, pairs[i].Key);
            builder.Append(keySeparator);
            Write(builder, pairs[i].Value, level + 1);
        }

        NewLine(builder, level);
        builder.Append('}');
    }

    private static string KeyText(object? key) => key switch
    {
        string s => s,
        Markup m => m.Value,
        bool b => b ? "true" : "false",
        null => "null",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PyRepr.FloatRepr(d),
        _ => throw new PyException($"keys must be str, int, float, bool or None, not {PyRepr.TypeName(key)}"),
    };

    private void NewLine(StringBuilder builder, int level)
    {
        if (indent is null)
        {
            return;
        }

        builder.Append('\n');
        for (var i = 0; i < level; i++)
        {
            builder.Append(indent);
        }
    }

    private void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
