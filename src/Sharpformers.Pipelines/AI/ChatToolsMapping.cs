using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Sharpformers.Pipelines;

/// <summary>Turns <see cref="ChatOptions.Tools"/> into the tool schemas a chat template reads, and reads calls back as contents.</summary>
internal static class ChatToolsMapping
{
    /// <summary>
    /// <c>{"type": "function", "function": {"name", "description", "parameters"}}</c> for each function declaration;
    /// null when there are none. Tools that are not functions (hosted tools) cannot run locally and are refused.
    /// </summary>
    public static List<JsonElement>? ToToolSchemas(IList<AITool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var schemas = new List<JsonElement>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw new NotSupportedException(
                    $"ChatOptions.Tools holds '{tool.Name}' ({tool.GetType().Name}), which is not a function declaration: local models can only call functions");
            }

            var node = new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = function.Name,
                    ["description"] = function.Description,
                    ["parameters"] = ParametersSchema(function.JsonSchema),
                },
            };
            schemas.Add(JsonSerializer.SerializeToElement(node, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonObject))));
        }

        return schemas;
    }

    /// <summary>The function's parameter schema, an empty object schema when it declares none.</summary>
    public static JsonNode ParametersSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(schema.GetRawText())!
            : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };

    /// <summary>A parsed call as a <see cref="FunctionCallContent"/> with a fresh call id in the shape the model's template accepts.</summary>
    public static FunctionCallContent ToContent(ParsedToolCall call, ToolCallFormat format)
    {
        Dictionary<string, object?> arguments;
        using (var document = JsonDocument.Parse(call.ArgumentsJson))
        {
            arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        }

        return new FunctionCallContent(NewCallId(format), call.Name, arguments);
    }

    /// <summary>Mistral templates require 9 alphanumeric characters; others get OpenAI's <c>call_</c> shape.</summary>
    private static string NewCallId(ToolCallFormat format)
    {
        var random = Guid.NewGuid().ToString("N");
        return format == ToolCallFormat.Mistral ? random[..9] : "call_" + random[..24];
    }
}
