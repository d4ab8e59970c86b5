using System.Text.Json;

namespace Sharpformers.Tokenization;

/// <summary>
/// One chat message as a template sees it (a Python dict): <c>message['role']</c>, <c>message.content</c>,
/// <c>message.tool_calls</c>... A null <see cref="Content"/> leaves the key out (the template sees it undefined),
/// unless the message came from JSON that had <c>"content": null</c>.
/// </summary>
/// <param name="Role">The <c>role</c>: system, user, assistant, tool...</param>
/// <param name="Content">The text <c>content</c>.</param>
public sealed record ChatMessage(string Role, string? Content)
{
    /// <summary>Multimodal <c>content</c> as a list of parts (<c>{"type": "text", "text": ...}</c>); wins over <see cref="Content"/>.</summary>
    public IReadOnlyList<JsonElement>? ContentParts { get; init; }

    /// <summary><c>tool_calls</c> of an assistant message (<c>{"type": "function", "function": {"name", "arguments"}}</c>).</summary>
    public IReadOnlyList<JsonElement>? ToolCalls { get; init; }

    /// <summary><c>tool_call_id</c> of a tool result message.</summary>
    public string? ToolCallId { get; init; }

    /// <summary><c>name</c> of the tool (tool messages) or participant.</summary>
    public string? Name { get; init; }

    /// <summary>Any other fields (<c>reasoning_content</c>, <c>thinking</c>...), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>>? AdditionalProperties { get; init; }

    /// <summary>Field order of the JSON this message came from, so templates iterate keys as Python would.</summary>
    internal IReadOnlyList<string>? JsonFieldOrder { get; init; }

    /// <summary>True when the JSON had <c>"content": null</c> (rendered as Python None rather than left out).</summary>
    internal bool HasExplicitNullContent { get; init; }

    /// <summary>Reads any JSON message object, keeping every field and the field order.</summary>
    /// <param name="message">A JSON object with at least <c>role</c>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">The element is not an object or has no string <c>role</c>.</exception>
    public static ChatMessage FromJson(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A chat message must be a JSON object, got {message.ValueKind}.", nameof(message));
        }

        string? role = null;
        string? content = null;
        IReadOnlyList<JsonElement>? parts = null;
        IReadOnlyList<JsonElement>? toolCalls = null;
        string? toolCallId = null;
        string? name = null;
        var explicitNull = false;
        var order = new List<string>();
        var additional = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in message.EnumerateObject())
        {
            order.Add(property.Name);
            var value = property.Value;
            switch (property.Name)
            {
                case "role" when value.ValueKind == JsonValueKind.String:
                    role = value.GetString();
                    break;
                case "content" when value.ValueKind == JsonValueKind.String:
                    content = value.GetString();
                    break;
                case "content" when value.ValueKind == JsonValueKind.Array:
                    parts = [.. value.EnumerateArray()];
                    break;
                case "content" when value.ValueKind == JsonValueKind.Null:
                    explicitNull = true;
                    break;
                case "tool_calls" when value.ValueKind == JsonValueKind.Array:
                    toolCalls = [.. value.EnumerateArray()];
                    break;
                case "tool_call_id" when value.ValueKind == JsonValueKind.String:
                    toolCallId = value.GetString();
                    break;
                case "name" when value.ValueKind == JsonValueKind.String:
                    name = value.GetString();
                    break;
                default:
                    additional.Add(new(property.Name, value.Clone()));
                    break;
            }
        }

        if (role is null)
        {
            throw new ArgumentException("A chat message needs a string 'role' field.", nameof(message));
        }

        return new ChatMessage(role, content)
        {
            ContentParts = parts?.Select(part => part.Clone()).ToList(),
            ToolCalls = toolCalls?.Select(call => call.Clone()).ToList(),
            ToolCallId = toolCallId,
            Name = name,
            AdditionalProperties = additional.Count > 0 ? additional : null,
            JsonFieldOrder = order,
            HasExplicitNullContent = explicitNull,
        };
    }
}
