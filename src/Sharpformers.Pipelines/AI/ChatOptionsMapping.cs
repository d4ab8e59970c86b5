using Microsoft.Extensions.AI;

namespace Sharpformers.Pipelines;

/// <summary>Maps Microsoft.Extensions.AI <see cref="ChatOptions"/> to transformers generation parameters.</summary>
internal static class ChatOptionsMapping
{
    public static TextGenerationParameters ToParameters(ChatOptions? options)
    {
        if (options is null)
        {
            return new TextGenerationParameters();
        }

        Refuse(options.FrequencyPenalty is not null, nameof(ChatOptions.FrequencyPenalty));
        Refuse(options.PresencePenalty is not null, nameof(ChatOptions.PresencePenalty));

        var sampling = options.Temperature is > 0 || options.TopP is not null || options.TopK is not null;
        return new TextGenerationParameters
        {
            MaxNewTokens = options.MaxOutputTokens,
            DoSample = options.Temperature is 0 ? false : sampling ? true : null,
            Temperature = options.Temperature is > 0 ? options.Temperature : null,
            TopP = options.TopP,
            TopK = options.TopK,
            StopStrings = options.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            Seed = options.Seed is { } seed ? unchecked((int)seed) : null,
            ReturnFullText = false,
            IncludeStopStrings = false,
            Tools = options.ToolMode is NoneChatToolMode ? null : ChatToolsMapping.ToToolSchemas(options.Tools),
        };
    }

    private static void Refuse(bool condition, string option)
    {
        if (condition)
        {
            throw new NotSupportedException($"ChatOptions.{option} is not supported by local Sharpformers text generation");
        }
    }
}
