using Microsoft.Extensions.AI;

namespace Sharpformers.Pipelines;

/// <summary>Turns <see cref="ChatOptions.ToolMode"/> (required or named) and a JSON <see cref="ChatOptions.ResponseFormat"/> into a decoding constraint.</summary>
internal static class ChatConstraints
{
    public static TextGenerationParameters Apply(TextGenerationParameters parameters, ChatOptions? options, ToolCallFormat format)
    {
        if (options is null)
        {
            return parameters;
        }

        if (options.ToolMode is RequiredChatToolMode)
        {
            throw new NotSupportedException("ChatOptions.ToolMode RequireAny/RequireSpecific needs constrained decoding, which is not available yet");
        }

        if (options.ResponseFormat is ChatResponseFormatJson)
        {
            throw new NotSupportedException("ChatOptions.ResponseFormat JSON needs constrained decoding, which is not available yet");
        }

        if (options.AdditionalProperties?.ContainsKey(TextGenerationChatClient.StructuredOutputsKey) is true)
        {
            throw new NotSupportedException("structured_outputs needs constrained decoding, which is not available yet");
        }

        return parameters;
    }
}
