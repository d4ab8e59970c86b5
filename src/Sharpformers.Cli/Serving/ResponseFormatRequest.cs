using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// Output-shape fields: OpenAI's <c>response_format</c> (<c>text</c>, <c>json_object</c>, <c>json_schema</c>) and vLLM's
/// <c>structured_outputs</c> (<c>json</c>, <c>regex</c>, <c>choice</c>, <c>grammar</c>) with its older <c>guided_*</c>
/// fields as aliases. At most one of them may shape a request.
/// </summary>
internal static class ResponseFormatRequest
{
    private static readonly (string Alias, string Key)[] GuidedAliases =
    [
        ("guided_json", "json"), ("guided_regex", "regex"), ("guided_choice", "choice"), ("guided_grammar", "grammar"),
    ];

    private static readonly string[] StructuredKeys = ["json", "regex", "choice", "grammar", "json_object"];

    public static void Apply(JsonElement body, ChatOptions options)
    {
        var shaped = new List<string>();
        if (body.TryGetProperty("response_format", out var format) && format.ValueKind != JsonValueKind.Null)
        {
            options.ResponseFormat = ReadResponseFormat(format);
            if (options.ResponseFormat is ChatResponseFormatJson)
            {
                shaped.Add("response_format");
            }
        }

        var structured = ReadStructuredOutputs(body, shaped);
        if (shaped.Count > 1)
        {
            throw new BadRequestException($"only one of {string.Join(", ", shaped.Select(s => $"'{s}'"))} may shape the output");
        }

        if (structured is not null)
        {
            (options.AdditionalProperties ??= [])[TextGenerationChatClient.StructuredOutputsKey] = structured;
        }
    }

    private static ChatResponseFormat ReadResponseFormat(JsonElement format)
    {
        var type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                if (!format.TryGetProperty("json_schema", out var spec) || spec.ValueKind != JsonValueKind.Object
                    || !spec.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
                {
                    throw new BadRequestException("'response_format.json_schema.schema' must be a JSON schema object");
                }

                var name = spec.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var description = spec.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                return ChatResponseFormat.ForJsonSchema(schema.Clone(), name, description);
            default:
                throw new BadRequestException("'response_format.type' must be \"text\", \"json_object\" or \"json_schema\"");
        }
    }

    /// <summary>The <c>structured_outputs</c> object (aliases folded in), validated for shape; null when absent.</summary>
    private static JsonObject? ReadStructuredOutputs(JsonElement body, List<string> shaped)
    {
        JsonObject? result = null;
        if (body.TryGetProperty("structured_outputs", out var structured) && structured.ValueKind != JsonValueKind.Null)
        {
            if (structured.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException("'structured_outputs' must be an object with one of json, regex, choice, grammar");
            }

            result = new JsonObject();
            foreach (var property in structured.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (!StructuredKeys.Contains(property.Name))
                {
                    throw new BadRequestException($"'structured_outputs.{property.Name}' is not supported (supported: json, regex, choice, grammar, json_object)");
                }

                result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                shaped.Add($"structured_outputs.{property.Name}");
            }
        }

        foreach (var (alias, key) in GuidedAliases)
        {
            if (body.TryGetProperty(alias, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                (result ??= [])[key] = JsonNode.Parse(value.GetRawText());
                shaped.Add(alias);
            }
        }

        foreach (var unsupported in new[] { "guided_whitespace_pattern", "guided_decoding_backend" })
        {
            if (body.TryGetProperty(unsupported, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                throw new BadRequestException($"'{unsupported}' is not supported: Sharpformers has one decoding backend and emits JSON without free whitespace choices");
            }
        }

        return result is { Count: > 0 } ? result : null;
    }
}
