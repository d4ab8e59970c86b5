using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using TemplateMessage = Sharpformers.Tokenization.ChatMessage;

namespace Sharpformers.Pipelines;

/// <summary>
/// Turns Microsoft.Extensions.AI messages into the messages a chat template reads, as transformers expects them: an
/// assistant's <see cref="FunctionCallContent"/> becomes <c>tool_calls</c> (arguments as an object), each
/// <see cref="FunctionResultContent"/> a <c>tool</c> message with <c>tool_call_id</c> and the function's <c>name</c>.
/// </summary>
internal static class ChatMessageMapping
{
    public static List<TemplateMessage> ToTemplateMessages(IEnumerable<AiChatMessage> messages)
    {
        var conversation = new List<TemplateMessage>();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            var results = message.Contents.OfType<FunctionResultContent>().ToList();
            if (calls.Count == 0 && results.Count == 0)
            {
                conversation.Add(new TemplateMessage(message.Role.Value, message.Text));
                continue;
            }

            if (calls.Count > 0)
            {
                foreach (var call in calls)
                {
                    callNames[call.CallId] = call.Name;
                }

                conversation.Add(new TemplateMessage(message.Role.Value, message.Text) { ToolCalls = [.. calls.Select(ToolCallJson)] });
            }

            foreach (var result in results)
            {
                conversation.Add(new TemplateMessage("tool", ResultText(result.Result))
                {
                    ToolCallId = result.CallId,
                    Name = callNames.GetValueOrDefault(result.CallId),
                });
            }
        }

        return conversation;
    }

    private static JsonElement ToolCallJson(FunctionCallContent call)
    {
        var arguments = new JsonObject();
        foreach (var (name, value) in call.Arguments ?? new Dictionary<string, object?>())
        {
            arguments[name] = value is null ? null : JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }

        var node = new JsonObject
        {
            ["id"] = call.CallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments },
        };
        return JsonSerializer.SerializeToElement(node, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonObject)));
    }

    /// <summary>A function's result as the tool message's text: strings as they are, anything else as JSON.</summary>
    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
