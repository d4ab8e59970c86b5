using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// The OpenAI-compatible protocol shared by the Hugging Face router, TGI's Messages API and vLLM:
/// <c>/v1/chat/completions</c> for chat, <c>/v1/completions</c> for plain text, <c>"stream": true</c> as SSE.
/// </summary>
internal sealed class OpenAiCompatibleProtocol(RemoteEndpoint endpoint, RemoteHttpSender sender, RemoteOptions options) : IRemoteProtocol
{
    private const string Name = "OpenAI-compatible";

    public void Validate(TextGenerationPrompt prompt, TextGenerationParameters parameters)
    {
        RemoteParameterSupport.RefuseLocalOnly(parameters, Name);
        RemoteParameterSupport.Refuse(parameters.TopK is not null, "top_k", Name);
        RemoteParameterSupport.Refuse(parameters.RepetitionPenalty is not null, "repetition_penalty", Name);
    }

    public async Task<IReadOnlyList<TextCompletion>> GenerateAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        using var scope = new RemoteRequestScope(Route(prompt), options.Timeout, cancellationToken);
        var answer = await sender.PostAsync(Body(prompt, parameters, stream: false), scope).ConfigureAwait(false);
        var choices = RemoteJson.Require(answer, "choices", JsonValueKind.Array, scope.Uri);
        var usage = RemoteJson.GetObject(answer, "usage");
        var promptTokens = RemoteJson.GetInt(usage, "prompt_tokens");
        var count = choices.GetArrayLength();
        var completions = new TextCompletion[count];
        var index = 0;
        foreach (var choice in choices.EnumerateArray())
        {
            var text = prompt.IsChat
                ? RemoteJson.GetString(RemoteJson.Require(choice, "message", JsonValueKind.Object, scope.Uri), "content")
                : RemoteJson.GetString(choice, "text");
            var finish = RemoteJson.GetString(choice, "finish_reason");
            completions[index++] = new TextCompletion(
                (text ?? string.Empty) + MatchedStop(choice, finish, parameters),
                promptTokens,
                count == 1 ? RemoteJson.GetInt(usage, "completion_tokens") : 0,
                ToFinishReason(finish));
        }

        return completions;
    }

    public async IAsyncEnumerable<TextGenerationUpdate> StreamAsync(
        TextGenerationPrompt prompt, TextGenerationParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var scope = new RemoteRequestScope(Route(prompt), options.Timeout, cancellationToken);
        using var response = await sender.SendAsync(Body(prompt, parameters, stream: true), stream: true, scope).ConfigureAwait(false);
        string? finish = null;
        var promptTokens = 0;
        var completionTokens = 0;
        var done = false;
        await foreach (var chunk in ServerSentEventReader.ReadAsync(response, scope, options.MaxEventBytes, () => done = true).ConfigureAwait(false))
        {
            if (RemoteJson.GetObject(chunk, "usage") is { ValueKind: JsonValueKind.Object } usage)
            {
                promptTokens = RemoteJson.GetInt(usage, "prompt_tokens");
                completionTokens = RemoteJson.GetInt(usage, "completion_tokens");
            }

            if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                continue;
            }

            var choice = choices[0];
            var text = prompt.IsChat ? RemoteJson.GetString(RemoteJson.GetObject(choice, "delta"), "content") : RemoteJson.GetString(choice, "text");
            if (RemoteJson.GetString(choice, "finish_reason") is { } reason)
            {
                finish = reason;
                text += MatchedStop(choice, reason, parameters);
            }

            if (!string.IsNullOrEmpty(text))
            {
                yield return new TextGenerationUpdate(text);
            }
        }

        // [DONE] ends a stream cleanly even when no chunk carried a finish reason; a stream cut before it is an error.
        if (finish is null && !done)
        {
            throw ServerSentEventReader.EndedEarly(scope.Uri);
        }

        yield return new TextGenerationUpdate(string.Empty, new TextGenerationSummary(promptTokens, completionTokens, ToFinishReason(finish)));
    }

    private Uri Route(TextGenerationPrompt prompt) => prompt.IsChat ? endpoint.ChatCompletions : endpoint.Completions;

    private JsonObject Body(TextGenerationPrompt prompt, TextGenerationParameters parameters, bool stream)
    {
        var body = new JsonObject { ["model"] = endpoint.RequestModel };
        if (prompt.IsChat)
        {
            var messages = new JsonArray();
            foreach (var message in prompt.Messages!)
            {
                messages.Add((JsonNode)ToJson(message));
            }

            body["messages"] = messages;
        }
        else
        {
            body["prompt"] = prompt.Text;
        }

        RemoteJson.Set(body, "max_tokens", parameters.MaxNewTokens);
        // Greedy decoding (do_sample=False) is temperature 0 on OpenAI-compatible servers.
        RemoteJson.Set(body, "temperature", parameters.DoSample == false ? 0f : parameters.Temperature);
        RemoteJson.Set(body, "top_p", parameters.TopP);
        RemoteJson.Set(body, "seed", parameters.Seed);
        if (parameters.NumReturnSequences is > 1 and var n)
        {
            body["n"] = n;
        }

        if (parameters.StopStrings is { Count: > 0 } stops)
        {
            body["stop"] = RemoteJson.Strings(stops);
        }

        body["stream"] = stream;
        if (stream)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    /// <summary>
    /// OpenAI-compatible servers cut the stop string off; transformers keeps it. vLLM names the matched string in
    /// <c>stop_reason</c>, so it is put back when <see cref="TextGenerationParameters.IncludeStopStrings"/> asks for it.
    /// </summary>
    private static string MatchedStop(JsonElement choice, string? finish, TextGenerationParameters parameters) =>
        parameters.IncludeStopStrings && finish == "stop" && parameters.StopStrings is { Count: > 0 } stops
        && RemoteJson.GetString(choice, "stop_reason") is { } matched && stops.Contains(matched, StringComparer.Ordinal)
            ? matched
            : string.Empty;

    private static FinishReason ToFinishReason(string? reason) => reason == "length" ? FinishReason.Length : FinishReason.Stop;

    private static JsonObject ToJson(ChatMessage message)
    {
        var json = new JsonObject { ["role"] = message.Role };
        json["content"] = message.ContentParts is { } parts ? Raw(parts) : message.Content;
        if (message.Name is { } name)
        {
            json["name"] = name;
        }

        if (message.ToolCalls is { } calls)
        {
            json["tool_calls"] = Raw(calls);
        }

        if (message.ToolCallId is { } id)
        {
            json["tool_call_id"] = id;
        }

        return json;
    }

    private static JsonArray Raw(IReadOnlyList<JsonElement> elements)
    {
        var array = new JsonArray();
        foreach (var element in elements)
        {
            array.Add(JsonNode.Parse(element.GetRawText()));
        }

        return array;
    }
}
