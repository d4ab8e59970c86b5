using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// The tool fields of an OpenAI chat request: <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c>, and
/// assistant <c>tool_calls</c> / <c>tool</c> results in <c>messages</c>, mapped to Microsoft.Extensions.AI.
/// </summary>
internal static class ToolCallsRequest
{
    /// <summary>Sets <see cref="ChatOptions.Tools"/>, <see cref="ChatOptions.ToolMode"/> and <see cref="ChatOptions.AllowMultipleToolCalls"/>.</summary>
    public static void Apply(JsonElement body, ChatOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var strict = false;
        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                throw new BadRequestException("'tools' must be an array of {\"type\": \"function\", \"function\": {...}} objects");
            }

            var list = new List<AITool>();
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var declaration = ReadTool(tool, $"tools[{index++}]", ref strict);
                if (!names.Add(declaration.Name))
                {
                    throw new BadRequestException($"'tools' declares the function '{declaration.Name}' twice");
                }

                list.Add(declaration);
            }

            options.Tools = list.Count > 0 ? list : null;
        }

        if (body.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            options.ToolMode = ReadToolChoice(choice, names);
        }

        if (strict && options.ToolMode is not RequiredChatToolMode && options.Tools is not null)
        {
            throw new BadRequestException(
                "'tools[].function.strict': true is only enforced when 'tool_choice' is \"required\" or names a function; with \"auto\" the model may answer in text");
        }

        if (body.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind != JsonValueKind.Null)
        {
            options.AllowMultipleToolCalls = parallel.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BadRequestException("'parallel_tool_calls' must be a boolean"),
            };
        }
    }

    /// <summary>An assistant message's <c>tool_calls</c> as contents, or a <c>tool</c> message's result; null for other messages.</summary>
    public static List<AIContent>? ReadContents(JsonElement message, string role, string text, int index)
    {
        if (role == "tool")
        {
            var id = message.TryGetProperty("tool_call_id", out var callId) && callId.ValueKind == JsonValueKind.String
                ? callId.GetString()!
                : throw new BadRequestException($"'messages[{index}].tool_call_id' is required for a tool message (the id of the call it answers)");
            return [new FunctionResultContent(id, text)];
        }

        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (calls.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException($"'messages[{index}].tool_calls' must be an array");
        }

        var contents = new List<AIContent>();
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        var at = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var path = $"messages[{index}].tool_calls[{at++}]";
            if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new BadRequestException($"'{path}' needs a 'function' with a string 'name'");
            }

            var id = call.TryGetProperty("id", out var callId) && callId.ValueKind == JsonValueKind.String ? callId.GetString()! : $"call_{at}";
            contents.Add(new FunctionCallContent(id, name.GetString()!, ReadArguments(function, path)));
        }

        return contents;
    }

    private static Dictionary<string, object?> ReadArguments(JsonElement function, string path)
    {
        if (!function.TryGetProperty("arguments", out var arguments) || arguments.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        JsonElement parsed;
        try
        {
            parsed = arguments.ValueKind == JsonValueKind.String ? JsonDocument.Parse(arguments.GetString()!).RootElement : arguments;
        }
        catch (JsonException)
        {
            throw new BadRequestException($"'{path}.function.arguments' must be a JSON object (as text)");
        }

        return parsed.ValueKind == JsonValueKind.Object
            ? parsed.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : throw new BadRequestException($"'{path}.function.arguments' must be a JSON object (as text)");
    }

    private static AIFunctionDeclaration ReadTool(JsonElement tool, string path, ref bool strict)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.GetString() != "function")
        {
            throw new BadRequestException($"'{path}.type' must be \"function\": only function tools can run on a local model");
        }

        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString()))
        {
            throw new BadRequestException($"'{path}.function' needs a non-empty string 'name'");
        }

        var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null ? p : EmptyObjectSchema;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException($"'{path}.function.parameters' must be a JSON schema object");
        }

        strict |= function.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True;
        return AIFunctionFactory.CreateDeclaration(name.GetString()!, description, parameters.Clone());
    }

    private static ChatToolMode ReadToolChoice(JsonElement choice, HashSet<string> names)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "required" when names.Count > 0 => ChatToolMode.RequireAny,
                "required" => throw new BadRequestException("'tool_choice': \"required\" needs at least one function in 'tools'"),
                var other => throw new BadRequestException($"'tool_choice' must be \"auto\", \"none\", \"required\" or a named function, not \"{other}\""),
            };
        }

        if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var function)
            && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            var wanted = name.GetString()!;
            return names.Contains(wanted)
                ? ChatToolMode.RequireSpecific(wanted)
                : throw new BadRequestException($"'tool_choice.function.name' is '{wanted}', which is not a function in 'tools'");
        }

        throw new BadRequestException("'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}");
    }

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type": "object", "properties": {}}""").RootElement;
}
