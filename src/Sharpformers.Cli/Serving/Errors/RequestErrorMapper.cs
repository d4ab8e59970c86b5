using Microsoft.AspNetCore.Http;
using Sharpformers.Generation;
using Sharpformers.Generation.Configuration;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Serving.Errors;

/// <summary>
/// Turns an exception raised while answering a request into the answer: problems with the request itself (its shape,
/// its values, a prompt the model cannot take, a chat template refusing the conversation) are 400s naming the field;
/// anything else is a 500 with a generic message (the caller logs the exception).
/// </summary>
internal static class RequestErrorMapper
{
    /// <summary>The answer for <paramref name="exception"/>, and whether it is a server fault to log as an error.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="isChat">Whether the route takes <c>messages</c> (else <c>prompt</c>).</param>
    /// <param name="maxTokensField">The request field that set the completion length (<c>max_tokens</c> or <c>max_completion_tokens</c>).</param>
    public static (OpenAiError Error, bool IsServerFault) Map(Exception exception, bool isChat, string maxTokensField = "max_tokens") => exception switch
    {
        BadRequestException bad => (new OpenAiError(bad.Status, bad.Message, bad.Type, bad.Param, bad.Code), false),
        BadHttpRequestException http => (new OpenAiError(
            http.StatusCode,
            http.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is larger than the server accepts (serve --max-request-bytes)" : $"the request could not be read: {http.Message}",
            "invalid_request_error"), false),
        ContextLengthExceededException { RequestedNewTokens: { } requested } context => (OpenAiError.BadRequest(
            $"This model's maximum context length is {context.ContextLength} tokens, but {context.PromptLength} tokens of {(isChat ? "messages" : "prompt")} "
            + $"plus {maxTokensField} {requested} make {(long)context.PromptLength + requested}; set {maxTokensField} to at most {context.AvailableNewTokens} or shorten the {(isChat ? "messages" : "prompt")}.",
            maxTokensField,
            "context_length_exceeded"), false),
        ContextLengthExceededException context => (OpenAiError.BadRequest(
            $"This model's maximum context length is {context.ContextLength} tokens, but the prompt is {context.PromptLength} tokens; shorten the {(isChat ? "messages" : "prompt")}.",
            isChat ? "messages" : "prompt",
            "context_length_exceeded"), false),
        TokenIdOutOfRangeException ids => (OpenAiError.BadRequest(ids.Message, isChat ? "messages" : "prompt", "invalid_token_id"), false),
        InvalidGenerationConfigException config => (OpenAiError.BadRequest(config.Message, OpenAiName(config.ParamName)), false),
        ChatTemplateException { Kind: "ToolsNotSupported" } tools => (OpenAiError.BadRequest(tools.Message, "tools"), false),
        ChatTemplateException template => (OpenAiError.BadRequest($"the model's chat template refused the conversation: {template.Message}", "messages"), false),
        NotSupportedException notSupported => (OpenAiError.BadRequest(notSupported.Message), false),
        ArgumentException argument => (OpenAiError.BadRequest(argument.Message, OpenAiName(argument.ParamName)), false),
        _ => (OpenAiError.Internal(), true),
    };

    /// <summary>The OpenAI request field for a transformers generation field.</summary>
    private static string? OpenAiName(string? field) => field switch
    {
        "max_new_tokens" or "max_length" => "max_tokens",
        "stop_strings" => "stop",
        null => null,
        _ => field,
    };
}
