using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Sharpformers.Jinja.Runtime;

/// <summary>Converts JSON and CLR values into the Python values templates see (as <c>json.loads</c> would build them).</summary>
internal static class ValueConverter
{
    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new PyDict();
                foreach (var property in element.EnumerateObject())
                {
                    dict.Set(property.Name, FromJson(property.Value));
                }

                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0)
                {
                    return element.TryGetInt64(out var integer) ? (object)integer : System.Numerics.BigInteger.Parse(raw, CultureInfo.InvariantCulture);
                }

                return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>Converts a CLR value; <paramref name="custom"/> may turn other types into supported ones (it returns null when it does not know the value).</summary>
    public static object? FromClr(object? value, Func<object, object?>? custom = null) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int or long or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        JsonElement element => FromJson(element),
        _ when custom?.Invoke(value) is { } converted => FromClr(converted, custom),
        IDictionary dictionary => FromDictionary(dictionary, custom),
        IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs, custom),
        IEnumerable items => FromEnumerable(items, custom),
        _ => throw new ArgumentException($"Template variables cannot hold a value of type {value.GetType().FullName}."),
    };

    private static PyDict FromDictionary(IDictionary dictionary, Func<object, object?>? custom)
    {
        var dict = new PyDict();
        foreach (DictionaryEntry entry in dictionary)
        {
            dict.Set(FromClr(entry.Key, custom), FromClr(entry.Value, custom));
        }

        return dict;
    }

    private static PyDict FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, Func<object, object?>? custom)
    {
        var dict = new PyDict();
        foreach (var pair in pairs)
        {
            dict.Set(pair.Key, FromClr(pair.Value, custom));
        }

        return dict;
    }

    private static List<object?> FromEnumerable(IEnumerable items, Func<object, object?>? custom)
    {
        var list = new List<object?>();
        foreach (var item in items)
        {
            list.Add(FromClr(item, custom));
        }

        return list;
    }
}
