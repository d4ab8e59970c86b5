using System.Globalization;
using System.Text.Json;

namespace Sharpformers.Pipelines;

/// <summary>Converts the loosely typed values of transformers keyword arguments (numbers, booleans, strings, lists, JSON) into typed ones, naming the argument on failure.</summary>
internal static class KeywordValues
{
    public static int Int(string name, object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var fromJson) => fromJson,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be an integer, got {Describe(value)}", name),
    };

    public static int? NullableInt(string name, object? value) =>
        value is null or JsonElement { ValueKind: JsonValueKind.Null } ? null : Int(name, value);

    public static float Float(string name, object? value) => value switch
    {
        float f => f,
        double d => (float)d,
        int i => i,
        long l => l,
        decimal m => (float)m,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
        string s when float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be a number, got {Describe(value)}", name),
    };

    public static bool Bool(string name, object? value) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        string s when bool.TryParse(s, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be true or false, got {Describe(value)}", name),
    };

    public static string String(string name, object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        _ => throw new ArgumentException($"argument '{name}' must be a string, got {Describe(value)}", name),
    };

    public static IReadOnlyList<string> Strings(string name, object? value) => value switch
    {
        string s => [s],
        IEnumerable<string> list => [.. list],
        JsonElement { ValueKind: JsonValueKind.String } e => [e.GetString()!],
        JsonElement { ValueKind: JsonValueKind.Array } e => [.. e.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new ArgumentException($"argument '{name}' must be a list of strings, got an item {item.ValueKind}", name))],
        _ => throw new ArgumentException($"argument '{name}' must be a string or a list of strings, got {Describe(value)}", name),
    };

    public static ArgumentException Unknown(string task, string name, IEnumerable<string> known) =>
        new($"unknown {task} argument '{name}'; supported: {string.Join(", ", known)}", name);

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} '{value}'";
}
