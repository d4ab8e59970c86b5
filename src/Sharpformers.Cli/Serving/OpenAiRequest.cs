using System.Text.Json;
using Microsoft.Extensions.AI;
using Sharpformers.Cli.Serving.Requests;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>The fields of an OpenAI chat-completions or completions request body that the server reads.</summary>
internal sealed class OpenAiRequest
{
    private OpenAiRequest(JsonElement body) => Body = body;

    public JsonElement Body { get; }

    /// <summary><c>stream</c>: answer with server-sent events.</summary>
    public bool Stream => RequestFields.OptionalBool(Body, "stream") ?? false;

    /// <summary><c>model</c>, when given.</summary>
    public string? Model => RequestFields.OptionalString(Body, "model");

    /// <summary>The field that sets the completion length: <c>max_completion_tokens</c> when given, else <c>max_tokens</c>.</summary>
    public string MaxTokensField => RequestFields.Present(Body, "max_completion_tokens", out _) ? "max_completion_tokens" : "max_tokens";

    /// <summary><c>n</c>: choices per prompt (only 1 is served).</summary>
    public int N => RequestFields.OptionalInt(Body, "n", 1, 1) ?? 1;

    /// <summary>Reads every field the server understands, so that a wrong type anywhere is a 400 before any work.</summary>
    /// <param name="isChat">Whether this is a chat-completions request (<c>messages</c>) rather than completions (<c>prompt</c>).</param>
    public void Validate(bool isChat)
    {
        _ = Stream;
        _ = Model;
        _ = N;
        _ = TextParameters();
        RequestFields.OptionalNumber(Body, "presence_penalty", -2, 2);
        RequestFields.OptionalNumber(Body, "frequency_penalty", -2, 2);
        RequestFields.OptionalString(Body, "user");
        if (RequestFields.Present(Body, "stream_options", out var streamOptions))
        {
            if (streamOptions.ValueKind != JsonValueKind.Object)
            {
                throw RequestFields.Wrong("stream_options", "an object", streamOptions);
            }

            RequestFields.OptionalBool(streamOptions, "include_usage");
        }

        if (isChat)
        {
            _ = Messages();
        }
        else
        {
            _ = Prompts();
        }
    }

    /// <summary>Parses a request body; malformed JSON or a non-object is a <see cref="BadRequestException"/>.</summary>
    public static async Task<OpenAiRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new OpenAiRequest(document.RootElement.Clone())
                : throw new BadRequestException("the request body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new BadRequestException($"the request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The chat messages (<c>messages</c>: role and text content).</summary>
    public List<ChatMessage> Messages()
    {
        if (!Body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new BadRequestException("'messages' must be a non-empty array of message objects", "messages");
        }

        var list = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw RequestFields.Wrong(path, "a message object with 'role' and 'content'", message);
            }

            var role = message.TryGetProperty("role", out var r)
                ? RequestFields.String(r, path + ".role")
                : throw new BadRequestException($"'{path}.role' is required", path + ".role");
            role = role switch
            {
                "system" or "user" or "assistant" or "tool" => role,
                "developer" => "system",
                _ => throw new BadRequestException($"'{path}.role' must be one of system, developer, user, assistant, tool; got '{role}'", path + ".role"),
            };
            var content = message.TryGetProperty("content", out var c) ? ContentText(c, path + ".content")
                : role == "assistant" ? string.Empty
                : throw new BadRequestException($"'{path}.content' is required", path + ".content");
            list.Add(ToolCallsRequest.ReadContents(message, role, content, list.Count) is { } contents
                ? new ChatMessage(new ChatRole(role), contents)
                : new ChatMessage(new ChatRole(role), content));
        }

        return list;
    }

    /// <summary>The prompts of a completions request (<c>prompt</c>: a string or an array of strings).</summary>
    public List<string> Prompts()
    {
        if (!Body.TryGetProperty("prompt", out var prompt))
        {
            throw new BadRequestException("'prompt' is required", "prompt");
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            return [RequestFields.String(prompt, "prompt")];
        }

        if (prompt.ValueKind != JsonValueKind.Array || prompt.GetArrayLength() == 0)
        {
            throw new BadRequestException("'prompt' must be a string or a non-empty array of strings", "prompt");
        }

        var prompts = new List<string>(prompt.GetArrayLength());
        foreach (var item in prompt.EnumerateArray())
        {
            prompts.Add(RequestFields.String(item, $"prompt[{prompts.Count}]"));
        }

        return prompts;
    }

    /// <summary>Sampling and length options with OpenAI names mapped to <see cref="ChatOptions"/>.</summary>
    public ChatOptions ChatOptions() => new()
    {
        MaxOutputTokens = RequestFields.OptionalInt(Body, "max_completion_tokens", 1) ?? RequestFields.OptionalInt(Body, "max_tokens", 1),
        Temperature = (float?)RequestFields.OptionalNumber(Body, "temperature", 0, 2),
        TopP = (float?)RequestFields.OptionalNumber(Body, "top_p", 0, 1),
        TopK = RequestFields.OptionalInt(Body, "top_k", -1) is { } k and >= 0 ? k : null,
        Seed = RequestFields.OptionalInt(Body, "seed"),
        StopSequences = Stops(),
    };

    /// <summary>The same options as transformers parameters, for the completions route.</summary>
    public TextGenerationParameters TextParameters()
    {
        var options = ChatOptions();
        return new TextGenerationParameters
        {
            MaxNewTokens = options.MaxOutputTokens ?? 16,
            FitMaxNewTokensToContext = options.MaxOutputTokens is null, // OpenAI's default of 16 is no request of the client's
            DoSample = options.Temperature is 0 ? false : options.Temperature is > 0 || options.TopP is not null || options.TopK is not null ? true : null,
            Temperature = options.Temperature is > 0 ? options.Temperature : null,
            TopP = options.TopP,
            TopK = options.TopK,
            Seed = (int?)options.Seed,
            StopStrings = options.StopSequences is { Count: > 0 } s ? [.. s] : null,
            IncludeStopStrings = false,
            ReturnFullText = RequestFields.OptionalBool(Body, "echo") ?? false,
        };
    }

    private static string ContentText(JsonElement content, string path)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return RequestFields.String(content, path);
            case JsonValueKind.Null:
                return string.Empty;
            case JsonValueKind.Array:
                var text = new System.Text.StringBuilder();
                var index = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var partPath = $"{path}[{index++}]";
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        throw RequestFields.Wrong(partPath, "a content part object", part);
                    }

                    var type = part.TryGetProperty("type", out var t) ? RequestFields.String(t, partPath + ".type") : throw new BadRequestException($"'{partPath}.type' is required", partPath + ".type");
                    if (type != "text")
                    {
                        throw new BadRequestException($"'{partPath}.type' is '{type}': this text-only model takes 'text' content parts only", partPath + ".type");
                    }

                    text.Append(part.TryGetProperty("text", out var value) ? RequestFields.String(value, partPath + ".text") : throw new BadRequestException($"'{partPath}.text' is required", partPath + ".text"));
                }

                return text.ToString();
            default:
                throw RequestFields.Wrong(path, "a string or an array of text parts", content);
        }
    }

    private List<string>? Stops()
    {
        if (!RequestFields.Present(Body, "stop", out var stop))
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [RequestFields.String(stop, "stop")];
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            throw RequestFields.Wrong("stop", "a string or an array of strings", stop);
        }

        var stops = new List<string>();
        foreach (var item in stop.EnumerateArray())
        {
            stops.Add(RequestFields.String(item, $"stop[{stops.Count}]"));
        }

        return stops;
    }
}
