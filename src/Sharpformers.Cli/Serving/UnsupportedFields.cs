using System.Text.Json;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// OpenAI request fields the server cannot honour: a request that sets one gets a 400 naming it, never an answer that
/// silently ignores it. Fields at their no-op value (<c>n: 1</c>, <c>logprobs: false</c>, a zero penalty) pass.
/// </summary>
internal static class UnsupportedFields
{
    public static void Refuse(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            var reason = property.Name switch
            {
                "n" when value.ValueKind == JsonValueKind.Number && value.GetDouble() != 1 => "only one choice per request is generated (n must be 1)",
                "logprobs" when value.ValueKind == JsonValueKind.True => "log probabilities are not returned",
                "top_logprobs" when value.ValueKind == JsonValueKind.Number && value.GetDouble() != 0 => "log probabilities are not returned",
                "logit_bias" when value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any() => "logit bias is not supported",
                "presence_penalty" or "frequency_penalty" when value.ValueKind == JsonValueKind.Number && value.GetDouble() != 0 =>
                    "OpenAI-style penalties are not supported (transformers' repetition_penalty is the local equivalent)",
                "functions" or "function_call" when value.ValueKind != JsonValueKind.Null => "the legacy functions API is not supported; use 'tools' and 'tool_choice'",
                "audio" or "prediction" or "web_search_options" when value.ValueKind != JsonValueKind.Null => "not supported by local text generation",
                "modalities" when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(m => m.GetString() != "text") => "only text output is supported",
                _ => null,
            };
            if (reason is not null)
            {
                throw new BadRequestException($"'{property.Name}' cannot be honoured: {reason}");
            }
        }
    }
}
