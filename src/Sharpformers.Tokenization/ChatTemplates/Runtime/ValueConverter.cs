using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Sharpformers.Tokenization.ChatTemplates.Runtime;

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

    public static object? FromClr(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int or long or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        JsonElement element => FromJson(element),
        ChatMessage message => FromMessage(message),
        IDictionary dictionary => FromDictionary(dictionary),
        IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs),
        IEnumerable items => FromEnumerable(items),
        _ => throw new ArgumentException($"Chat template variables cannot hold a value of type {value.GetType().FullName}."),
    };

    private static PyDict FromDictionary(IDictionary dictionary)
    {
        var dict = new PyDict();
        foreach (DictionaryEntry entry in dictionary)
        {
            dict.Set(FromClr(entry.Key), FromClr(entry.Value));
        }

        return dict;
    }

    private static PyDict FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var dict = new PyDict();
        foreach (var pair in pairs)
        {
            dict.Set(pair.Key, FromClr(pair.Value));
        }

        return dict;
    }

    private static List<object?> FromEnumerable(IEnumerable items)
    {
        var list = new List<object?>();
        foreach (var item in items)
        {
            list.Add(FromClr(item));
        }

        return list;
    }

    /// <summary>The dict a template sees for a message, with the fields in their JSON order when known.</summary>
    public static PyDict FromMessage(ChatMessage message)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = message.Role };
        if (message.ContentParts is not null)
        {
            fields["content"] = message.ContentParts.Select(FromJson).ToList();
        }
        else if (message.Content is not null || message.HasExplicitNullContent)
        {
            fields["content"] = message.Content;
        }

        if (message.ToolCalls is not null)
        {
            fields["tool_calls"] = message.ToolCalls.Select(FromJson).ToList();
        }

        if (message.ToolCallId is not null)
        {
            fields["tool_call_id"] = message.ToolCallId;
        }

        if (message.Name is not null)
        {
            fields["name"] = message.Name;
        }

        foreach (var pair in message.AdditionalProperties ?? [])
        {
            fields[pair.Key] = FromJson(pair.Value);
        }

        var dict = new PyDict();
        foreach (var key in message.JsonFieldOrder ?? [])
        {
            if (fields.Remove(key, out var value))
            {
                dict.Set(key, value);
            }
        }

        foreach (var key in new[] { "role", "content", "tool_calls", "tool_call_id", "name" })
        {
            if (fields.Remove(key, out var value))
            {
                dict.Set(key, value);
            }
        }

        foreach (var pair in message.AdditionalProperties ?? [])
        {
            if (fields.Remove(pair.Key, out var value))
            {
                dict.Set(pair.Key, value);
            }
        }

        return dict;
    }
}
