using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Sharpformers.Generation.Constraints;

namespace Sharpformers.Pipelines;

/// <summary>
/// Turns <see cref="ChatOptions.ToolMode"/> (required or named), a JSON <see cref="ChatOptions.ResponseFormat"/> and
/// vLLM-style <c>structured_outputs</c> (<see cref="TextGenerationChatClient.StructuredOutputsKey"/>) into a decoding constraint.
/// </summary>
internal static class ChatConstraints
{
    public static TextGenerationParameters Apply(TextGenerationParameters parameters, ChatOptions? options, ToolCallFormat format)
    {
        if (options is null)
        {
            return parameters;
        }

        var constraints = new List<(string Source, TokenConstraint Constraint)>();
        if (options.ToolMode is RequiredChatToolMode required)
        {
            var tools = parameters.Tools ?? throw new ArgumentException("ChatOptions.ToolMode requires a tool call but ChatOptions.Tools holds no function", nameof(options));
            var key = $"tools:{format}:{required.RequiredFunctionName}:{string.Join("\u0000", tools.Select(t => t.GetRawText()))}";
            constraints.Add(("ToolMode", ConstraintCache.GetOrAdd(key, () => ToolCallSyntax.Constraint(format, tools, required.RequiredFunctionName))));
        }

        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            constraints.Add(("ResponseFormat", json.Schema is { } schema ? Schema(schema.GetRawText()) : ConstraintCache.AnyJson()));
        }

        if (options.AdditionalProperties?.TryGetValue(TextGenerationChatClient.StructuredOutputsKey, out var structured) is true && structured is not null)
        {
            constraints.Add((TextGenerationChatClient.StructuredOutputsKey, FromStructuredOutputs(structured)));
        }

        return constraints.Count switch
        {
            0 => parameters,
            1 => parameters with { Constraint = constraints[0].Constraint },
            _ => throw new NotSupportedException(
                $"only one of {string.Join(", ", constraints.Select(c => c.Source))} may shape the output of one request"),
        };
    }

    /// <summary>vLLM's <c>structured_outputs</c> object: one of <c>json</c>, <c>json_object</c>, <c>regex</c>, <c>choice</c>.</summary>
    public static TokenConstraint FromStructuredOutputs(object value)
    {
        var element = value switch
        {
            JsonElement e => e,
            JsonNode node => JsonSerializer.SerializeToElement(node, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonNode))),
            _ => JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
        };
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("structured_outputs must be an object with one of json, json_object, regex, choice");
        }

        var found = new List<TokenConstraint>();
        foreach (var property in element.EnumerateObject())
        {
            var item = property.Value;
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            found.Add(property.Name switch
            {
                "json" when item.ValueKind == JsonValueKind.Object => Schema(item.GetRawText()),
                "json" when item.ValueKind == JsonValueKind.String => Schema(item.GetString()!),
                "json" => throw new ArgumentException("structured_outputs.json must be a JSON schema (an object, or its text)"),
                "json_object" when item.ValueKind == JsonValueKind.True => ConstraintCache.AnyJson(),
                "json_object" => throw new ArgumentException("structured_outputs.json_object must be true"),
                "regex" when item.ValueKind == JsonValueKind.String => ConstraintCache.GetOrAdd("regex:" + item.GetString(), () => TokenConstraint.Regex(item.GetString()!)),
                "regex" => throw new ArgumentException("structured_outputs.regex must be a string"),
                "choice" when item.ValueKind == JsonValueKind.Array && item.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String) =>
                    TokenConstraint.Choice(item.EnumerateArray().Select(c => c.GetString()!)),
                "choice" => throw new ArgumentException("structured_outputs.choice must be an array of strings"),
                "grammar" => throw new NotSupportedException(
                    "structured_outputs.grammar is not supported: no grammar syntax (GBNF/Lark) is implemented; use json, regex or choice"),
                _ => throw new ArgumentException($"structured_outputs.{property.Name} is not supported (supported: json, json_object, regex, choice)"),
            });
        }

        return found.Count == 1
            ? found[0]
            : throw new ArgumentException("structured_outputs must set exactly one of json, json_object, regex, choice");
    }

    private static TokenConstraint Schema(string schema) => ConstraintCache.GetOrAdd("schema:" + schema, () => TokenConstraint.JsonSchema(schema));
}
