using System.Text.Json;
using Microsoft.Extensions.AI;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>The fields of an OpenAI chat-completions or completions request body that the server reads.</summary>
internal sealed class OpenAiRequest
{
    private OpenAiRequest(JsonElement body) => Body = body;

    public JsonElement Body { get; }

    public bool Stream => Body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

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

    /// <summary>The chat messages (<c>messages</c>: role and string content).</summary>
    public List<ChatMessage> Messages()
    {
        if (!Body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new BadRequestException("'messages' must be a non-empty array");
        }

        var list = new List<ChatMessage>();
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()!
                : throw new BadRequestException("each message needs a string 'role'");
            var content = message.TryGetProperty("content", out var c) ? ContentText(c) : string.Empty;
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
            throw new BadRequestException("'prompt' is required");
        }

        return prompt.ValueKind switch
        {
            JsonValueKind.String => [prompt.GetString()!],
            JsonValueKind.Array when prompt.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) && prompt.GetArrayLength() > 0
                => [.. prompt.EnumerateArray().Select(p => p.GetString()!)],
            _ => throw new BadRequestException("'prompt' must be a string or a non-empty array of strings"),
        };
    }

    /// <summary>Sampling and length options with OpenAI names mapped to <see cref="ChatOptions"/>.</summary>
    public ChatOptions ChatOptions() => new()
    {
        MaxOutputTokens = Int("max_completion_tokens") ?? Int("max_tokens"),
        Temperature = Float("temperature"),
        TopP = Float("top_p"),
        TopK = Int("top_k"),
        Seed = Int("seed"),
        StopSequences = Stops(),
    };

    /// <summary>The same options as transformers parameters, for the completions route.</summary>
    public TextGenerationParameters TextParameters()
    {
        var options = ChatOptions();
        return new TextGenerationParameters
        {
            MaxNewTokens = options.MaxOutputTokens ?? 16,
            DoSample = options.Temperature is 0 ? false : options.Temperature is > 0 || options.TopP is not null || options.TopK is not null ? true : null,
            Temperature = options.Temperature is > 0 ? options.Temperature : null,
            TopP = options.TopP,
            TopK = options.TopK,
            Seed = (int?)options.Seed,
            StopStrings = options.StopSequences is { Count: > 0 } s ? [.. s] : null,
            IncludeStopStrings = false,
            ReturnFullText = Body.TryGetProperty("echo", out var echo) && echo.ValueKind == JsonValueKind.True,
        };
    }

    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Null => string.Empty,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.TryGetProperty("type", out var t) && t.GetString() == "text")
            .Select(part => part.GetProperty("text").GetString())),
        _ => throw new BadRequestException("message 'content' must be a string or an array of text parts"),
    };

    private int? Int(string name) => Body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
        ? v.TryGetInt32(out var i) ? i : throw new BadRequestException($"'{name}' must be an integer")
        : null;

    private float? Float(string name) => Body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
        ? v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw new BadRequestException($"'{name}' must be a number")
        : null;

    private List<string>? Stops()
    {
        if (!Body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array => [.. stop.EnumerateArray().Select(s => s.GetString() ?? throw new BadRequestException("'stop' entries must be strings"))],
            _ => throw new BadRequestException("'stop' must be a string or an array of strings"),
        };
    }
}

/// <summary>A client error answered with HTTP 400 and an OpenAI-shaped error body.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
