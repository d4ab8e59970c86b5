namespace Sharpformers.Tokenization;

/// <summary>Turns a <see cref="ChatMessage"/> into the value a chat template sees: a dict with the message's fields.</summary>
internal static class ChatMessageTemplateValue
{
    /// <summary>The converter passed to the Jinja interpreter: messages become ordered dicts; other values are left to it.</summary>
    public static readonly Func<object, object?> Converter = value => value is ChatMessage message ? From(message) : null;

    /// <summary>The dict a template sees for a message (as ordered key/value pairs), with the fields in their JSON order when known.</summary>
    public static List<KeyValuePair<string, object?>> From(ChatMessage message)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = message.Role };
        if (message.ContentParts is not null)
        {
            fields["content"] = message.ContentParts;
        }
        else if (message.Content is not null || message.HasExplicitNullContent)
        {
            fields["content"] = message.Content;
        }

        if (message.ToolCalls is not null)
        {
            fields["tool_calls"] = message.ToolCalls;
        }

        if (message.ToolCallId is not null)
        {
            fields["tool_call_id"] = message.ToolCallId;
        }

        if (message.Name is not null)
        {
            fields["name"] = message.Name;
        }

        foreach (var pair in message.AdditionalProperties ?? [])
        {
            fields[pair.Key] = pair.Value;
        }

        var dict = new List<KeyValuePair<string, object?>>();
        foreach (var key in message.JsonFieldOrder ?? [])
        {
            if (fields.Remove(key, out var value))
            {
                dict.Add(new(key, value));
            }
        }

        foreach (var key in new[] { "role", "content", "tool_calls", "tool_call_id", "name" })
        {
            if (fields.Remove(key, out var value))
            {
                dict.Add(new(key, value));
            }
        }

        foreach (var pair in message.AdditionalProperties ?? [])
        {
            if (fields.Remove(pair.Key, out var value))
            {
                dict.Add(new(pair.Key, value));
            }
        }

        return dict;
    }
}
