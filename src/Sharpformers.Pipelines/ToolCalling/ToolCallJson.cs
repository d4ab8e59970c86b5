using System.Text.Json;

namespace Sharpformers.Pipelines;

/// <summary>Reads call objects (<c>{"name", "arguments" | "parameters"}</c>) out of JSON text; shared by every format's parser.</summary>
internal static class ToolCallJson
{
    /// <summary>One call object, or a list of them; null when the text is not that.</summary>
    public static List<ParsedToolCall>? ReadCalls(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tool_calls", out var nested) && nested.ValueKind == JsonValueKind.Array)
            {
                root = nested;
            }

            var calls = new List<ParsedToolCall>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (ReadCall(item) is not { } call)
                    {
                        return null;
                    }

                    calls.Add(call);
                }

                return calls.Count > 0 ? calls : null;
            }

            return ReadCall(root) is { } single ? [single] : null;
        }
    }

    /// <summary>A call object: <c>name</c> (a string) and <c>arguments</c> or <c>parameters</c> (an object, or a JSON text of one).</summary>
    public static ParsedToolCall? ReadCall(JsonElement call)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            call = function;
        }

        if (!call.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString()))
        {
            return null;
        }

        if (!call.TryGetProperty("arguments", out var arguments) && !call.TryGetProperty("parameters", out arguments))
        {
            return new ParsedToolCall(name.GetString()!, "{}");
        }

        return arguments.ValueKind switch
        {
            JsonValueKind.Object => new ParsedToolCall(name.GetString()!, arguments.GetRawText()),
            JsonValueKind.String when IsObjectText(arguments.GetString()!) => new ParsedToolCall(name.GetString()!, arguments.GetString()!),
            JsonValueKind.Null => new ParsedToolCall(name.GetString()!, "{}"),
            _ => null,
        };
    }

    private static bool IsObjectText(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Removes a surrounding Markdown code fence (<c>```json ... ```</c>), which models often add.</summary>
    public static string Unfence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n');
        return firstLine < 0 ? trimmed : trimmed[(firstLine + 1)..^3].Trim();
    }
}
