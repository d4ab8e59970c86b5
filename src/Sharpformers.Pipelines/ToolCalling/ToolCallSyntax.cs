using System.Text.Json;
using System.Text.Json.Nodes;
using Sharpformers.Generation.Constraints;

namespace Sharpformers.Pipelines;

/// <summary>
/// The constraint that makes a reply exactly one tool call in the model's own syntax, with arguments valid for the
/// function's parameter schema: <c>tool_choice</c> <c>required</c> (any of the tools) or a named function.
/// </summary>
public static class ToolCallSyntax
{
    /// <summary>
    /// Builds the constraint: for <see cref="ToolCallFormat.Hermes"/> <c>&lt;tool_call&gt;\n{"name": ..., "arguments": ...}\n&lt;/tool_call&gt;</c>,
    /// for <see cref="ToolCallFormat.Llama"/> <c>{"name": ..., "parameters": ...}</c>, for <see cref="ToolCallFormat.Mistral"/>
    /// <c>[TOOL_CALLS][{"name": ..., "arguments": ...}]</c>, for <see cref="ToolCallFormat.Json"/> <c>{"name": ..., "arguments": ...}</c>.
    /// </summary>
    /// <param name="format">The model's tool-call format.</param>
    /// <param name="tools">Tool schemas as a chat template reads them (<c>{"type": "function", "function": {"name", "parameters"}}</c>).</param>
    /// <param name="functionName">The function that must be called, or null for any of <paramref name="tools"/>.</param>
    /// <returns>The constraint.</returns>
    /// <exception cref="ArgumentException">No tools, or <paramref name="functionName"/> is not among them.</exception>
    /// <exception cref="UnsupportedSchemaException">A parameter schema uses a keyword constrained decoding does not support (named).</exception>
    public static TokenConstraint Constraint(ToolCallFormat format, IReadOnlyList<JsonElement> tools, string? functionName = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var argumentsKey = format == ToolCallFormat.Llama ? "parameters" : "arguments";
        var calls = new JsonArray();
        foreach (var tool in tools)
        {
            var (name, parameters) = Read(tool);
            if (functionName is null || name == functionName)
            {
                calls.Add((JsonNode)CallSchema(name, parameters, argumentsKey));
            }
        }

        if (calls.Count == 0)
        {
            throw new ArgumentException(
                functionName is null ? "a required tool call needs at least one tool" : $"the function '{functionName}' is not among the tools",
                nameof(functionName));
        }

        var call = calls.Count == 1 ? calls[0]!.DeepClone() : new JsonObject { ["anyOf"] = calls };
        return format switch
        {
            ToolCallFormat.Hermes => TokenConstraint.Sequence(
                TokenConstraint.Literal(HermesToolCallParser.Open), TokenConstraint.Literal("\n"), TokenConstraint.JsonSchema(call.ToJsonString()),
                TokenConstraint.Literal("\n"), TokenConstraint.Literal(HermesToolCallParser.Close)),
            ToolCallFormat.Mistral => TokenConstraint.Sequence(
                TokenConstraint.Literal(MistralToolCallParser.Marker),
                TokenConstraint.JsonSchema(new JsonObject { ["type"] = "array", ["items"] = call, ["minItems"] = 1, ["maxItems"] = 1 }.ToJsonString())),
            _ => TokenConstraint.JsonSchema(call.ToJsonString()),
        };
    }

    private static JsonObject CallSchema(string name, JsonNode parameters, string argumentsKey) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject { ["const"] = name },
            [argumentsKey] = parameters,
        },
        ["required"] = new JsonArray("name", argumentsKey),
        ["additionalProperties"] = false,
    };

    private static (string Name, JsonNode Parameters) Read(JsonElement tool)
    {
        var function = tool.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : tool;
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new ArgumentException("each tool needs a function 'name'", nameof(tool));
        var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(p.GetRawText())!
            : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        return (name, parameters);
    }
}
