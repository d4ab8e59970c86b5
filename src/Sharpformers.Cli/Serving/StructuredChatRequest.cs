using Microsoft.Extensions.AI;

namespace Sharpformers.Cli.Serving;

/// <summary>Adds the tool and output-shape fields to a request's options, after refusing fields that cannot be honoured.</summary>
internal static class StructuredChatRequest
{
    /// <summary>Chat options with <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c>, <c>response_format</c> and <c>structured_outputs</c>.</summary>
    public static ChatOptions StructuredChatOptions(this OpenAiRequest request)
    {
        UnsupportedFields.Refuse(request.Body);
        var options = request.ChatOptions();
        ToolCallsRequest.Apply(request.Body, options);
        ResponseFormatRequest.Apply(request.Body, options);
        return options;
    }

    /// <summary>The completions route takes no tool or output-shape fields: naming them beats ignoring them.</summary>
    public static void RefuseChatOnlyFields(this OpenAiRequest request)
    {
        UnsupportedFields.Refuse(request.Body);
        foreach (var field in new[]
        {
            "tools", "tool_choice", "response_format", "parallel_tool_calls",
            "structured_outputs", "guided_json", "guided_regex", "guided_choice", "guided_grammar",
        })
        {
            if (request.Body.TryGetProperty(field, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                throw new BadRequestException($"'{field}' is only supported on /v1/chat/completions");
            }
        }
    }
}
