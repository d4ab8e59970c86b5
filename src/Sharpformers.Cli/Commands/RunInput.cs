using System.Text.Json;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Commands;

/// <summary>
/// One stdin line of <c>sharpformers run</c> turned into pipeline inputs and arguments: a JSON string; <c>{"text","text_pair"}</c>;
/// <c>{"question","context"}</c>; <c>{"sequences","candidate_labels"}</c>; <c>{"query","documents"}</c>. Other fields of an
/// object line are arguments for that line (they override <c>--options</c>).
/// </summary>
internal sealed record RunInput(object Inputs, IReadOnlyDictionary<string, object?> Arguments)
{
    /// <summary>Parses <c>--options</c>; <see langword="null"/> when it is not a JSON object.</summary>
    public static Dictionary<string, object?>? ParseOptions(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ReadArguments(document.RootElement, []) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses one input line.</summary>
    /// <exception cref="FormatException">The line is not one of the input shapes; the message names the line.</exception>
    public static RunInput Parse(string line, int lineNumber, IReadOnlyDictionary<string, object?> options)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"stdin line {lineNumber}: not valid JSON ({ex.Message})");
        }

        var arguments = new Dictionary<string, object?>(options);
        switch (root.ValueKind)
        {
            case JsonValueKind.String:
                return new RunInput(root.GetString()!, arguments);
            case JsonValueKind.Object:
                break;
            default:
                throw new FormatException($"stdin line {lineNumber}: expected a JSON string or object, got {root.ValueKind}");
        }

        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"stdin line {lineNumber}: '{name}' must be a string");
        object inputs;
        string[] used;
        if (root.TryGetProperty("query", out _))
        {
            inputs = ((string, IReadOnlyList<string>))(Field("query"), Strings(root, "documents", lineNumber));
            used = ["query", "documents"];
        }
        else if (root.TryGetProperty("question", out _))
        {
            inputs = ((string, string))(Field("question"), Field("context"));
            used = ["question", "context"];
        }
        else if (root.TryGetProperty("sequences", out var sequences))
        {
            inputs = sequences.ValueKind == JsonValueKind.String ? sequences.GetString()! : Strings(root, "sequences", lineNumber);
            used = ["sequences"];
        }
        else if (root.TryGetProperty("text", out _))
        {
            inputs = new TextClassificationInput(Field("text"), root.TryGetProperty("text_pair", out var pair) && pair.ValueKind != JsonValueKind.Null ? Field("text_pair") : null);
            used = ["text", "text_pair"];
        }
        else
        {
            throw new FormatException(
                $"stdin line {lineNumber}: an object input needs 'text' (with 'text_pair'), 'question' and 'context', 'sequences' (with 'candidate_labels') or 'query' and 'documents'");
        }

        return new RunInput(inputs, ReadArguments(root, used, arguments));
    }

    private static Dictionary<string, object?> ReadArguments(JsonElement obj, string[] skip, Dictionary<string, object?>? into = null)
    {
        into ??= [];
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(skip, property.Name) < 0)
            {
                into[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.Clone();
            }
        }

        return into;
    }

    private static string[] Strings(JsonElement obj, string name, int lineNumber)
    {
        if (!obj.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"stdin line {lineNumber}: '{name}' must be an array of strings");
        }

        var strings = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            strings[i++] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException($"stdin line {lineNumber}: '{name}[{i}]' must be a string");
        }

        return strings;
    }
}
