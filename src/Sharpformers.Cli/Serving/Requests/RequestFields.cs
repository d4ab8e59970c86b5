using System.Text.Json;

namespace Sharpformers.Cli.Serving.Requests;

/// <summary>
/// Strict readers of request fields: a field of the wrong JSON type, out of range, or holding text that is not valid
/// Unicode (invalid UTF-8 bytes, a lone surrogate escape) is a <see cref="BadRequestException"/> naming the field.
/// </summary>
internal static class RequestFields
{
    /// <summary>The text of a JSON string.</summary>
    public static string String(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Wrong(path, "a string", value);
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new BadRequestException($"'{path}' is not valid Unicode text (invalid UTF-8 bytes or a lone surrogate)", path);
        }
    }

    /// <summary>An optional string field; null when absent or JSON null.</summary>
    public static string? OptionalString(JsonElement body, string name) =>
        Present(body, name, out var value) ? String(value, name) : null;

    /// <summary>An optional integer field within <c>[min, max]</c>; null when absent or JSON null.</summary>
    public static int? OptionalInt(JsonElement body, string name, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Present(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Wrong(name, "an integer", value);
        }

        return number < min || number > max
            ? throw new BadRequestException($"'{name}' must be {Range(min, max)}, got {number}", name)
            : (int)number;
    }

    /// <summary>An optional number field within <c>[min, max]</c>; null when absent or JSON null.</summary>
    public static double? OptionalNumber(JsonElement body, string name, double min, double max)
    {
        if (!Present(body, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Wrong(name, "a number", value);
        }

        var number = value.GetDouble();
        return double.IsFinite(number) && number >= min && number <= max
            ? number
            : throw new BadRequestException($"'{name}' must be a number between {min} and {max}, got {value.GetRawText()}", name);
    }

    /// <summary>An optional boolean field; null when absent or JSON null.</summary>
    public static bool? OptionalBool(JsonElement body, string name) =>
        !Present(body, name, out var value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Wrong(name, "a boolean", value);

    /// <summary>Whether <paramref name="body"/> has the field with a non-null value.</summary>
    public static bool Present(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The error for a value of the wrong JSON type.</summary>
    public static BadRequestException Wrong(string path, string expected, JsonElement value) =>
        new($"'{path}' must be {expected}, got {Describe(value.ValueKind)}", path);

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"an integer >= {min}" : $"an integer between {min} and {max}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
