using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>Typed reads of configuration fields, falling back to the nested text configuration (<c>text_config</c>, ...).</summary>
internal static class ConfigFields
{
    public static string? String(JsonElement root, string name) =>
        Find(root, [name]) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool? Bool(JsonElement root, string name) => Find(root, [name]) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static int? Int(JsonElement root, string[] names) =>
        Find(root, names) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var result) ? result : null;

    public static IReadOnlyList<string> StringList(JsonElement root, string name)
    {
        if (Find(root, [name]) is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
        }

        return list;
    }

    public static IReadOnlyList<int>? IntList(JsonElement root, string name)
    {
        switch (Find(root, [name]))
        {
            case { ValueKind: JsonValueKind.Number } single when single.TryGetInt32(out var id):
                return [id];
            case { ValueKind: JsonValueKind.Array } array:
                var list = new List<int>();
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var value))
                    {
                        list.Add(value);
                    }
                }

                return list;
            default:
                return null;
        }
    }

    private static JsonElement? Find(JsonElement root, string[] names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        foreach (var nested in ConfigFieldAliases.NestedTextConfigs)
        {
            if (root.TryGetProperty(nested, out var sub) && sub.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in names)
                {
                    if (sub.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }
}
