using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Sharpformers.Cli.Serving;

/// <summary>Writes function calls as OpenAI does: <c>message.tool_calls</c> (arguments as JSON text) and streamed <c>delta.tool_calls</c>.</summary>
internal static class ToolCallsResponse
{
    /// <summary>The assistant <c>message</c> of a chat completion: <c>content</c> null when the reply is only calls.</summary>
    public static JsonObject Message(ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        var message = new JsonObject { ["role"] = "assistant", ["content"] = calls.Count > 0 && response.Text.Length == 0 ? null : response.Text };
        if (calls.Count > 0)
        {
            message["tool_calls"] = Calls(calls, indexed: false, firstIndex: 0);
        }

        return message;
    }

    /// <summary>Adds the complete calls of a stream update to its <c>delta</c>, numbered on from <paramref name="sent"/>; returns the new count.</summary>
    public static int AddToDelta(JsonObject delta, ChatResponseUpdate update, int sent)
    {
        var calls = update.Contents.OfType<FunctionCallContent>().ToList();
        if (calls.Count == 0)
        {
            return sent;
        }

        delta["tool_calls"] = Calls(calls, indexed: true, firstIndex: sent);
        return sent + calls.Count;
    }

    private static JsonArray Calls(List<FunctionCallContent> calls, bool indexed, int firstIndex)
    {
        var array = new JsonArray();
        foreach (var call in calls)
        {
            var item = new JsonObject();
            if (indexed)
            {
                item["index"] = firstIndex + array.Count;
            }

            item["id"] = call.CallId;
            item["type"] = "function";
            item["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = ArgumentsText(call.Arguments) };
            array.Add((JsonNode)item);
        }

        return array;
    }

    private static string ArgumentsText(IDictionary<string, object?>? arguments)
    {
        var node = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, object?>())
        {
            node[name] = value is null ? null : JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }

        return node.ToJsonString();
    }
}
