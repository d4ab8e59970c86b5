using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>{"inputs", "parameters"}</c> protocol of plain-text prompts: the Hugging Face text-generation task (posted to
/// the endpoint URL, answered with <c>[{"generated_text"}]</c>, <c>"stream": true</c> for SSE) and TGI's
/// <c>/generate</c> (answered with one object) and <c>/generate_stream</c>. The prompt is never echoed back
/// (<c>return_full_text</c> is sent false; the pipeline prepends the prompt itself).
/// </summary>
internal sealed class TextGenerationTaskProtocol(RemoteEndpoint endpoint, RemoteHttpSender sender, RemoteOptions options) : IRemoteProtocol
{
    private string Name => endpoint.TextProtocol == RemoteProtocol.Tgi ? "TGI /generate" : "Hugging Face text-generation";

    public void Validate(TextGenerationPrompt prompt, TextGenerationParameters parameters)
    {
        if (prompt.IsChat)
        {
            throw new NotSupportedException($"chat messages go to the OpenAI-compatible route, not the {Name} protocol");
        }

        RemoteParameterSupport.RefuseLocalOnly(parameters, Name);
        RemoteParameterSupport.Refuse(parameters.NumReturnSequences is > 1, "num_return_sequences", Name);
    }

    public async Task<IReadOnlyList<TextCompletion>> GenerateAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        using var scope = new RemoteRequestScope(endpoint.TextGeneration(stream: false), options.Timeout, cancellationToken);
        var answer = await sender.PostAsync(Body(prompt, parameters, stream: false), scope).ConfigureAwait(false);
        if (answer.ValueKind == JsonValueKind.Array)
        {
            answer = answer.GetArrayLength() > 0 ? answer[0] : throw new RemoteGenerationException($"{scope.Uri} returned an empty list");
        }

        var text = RemoteJson.Require(answer, "generated_text", JsonValueKind.String, scope.Uri).GetString()!;
        var details = RemoteJson.GetObject(answer, "details");
        return [new TextCompletion(text, RemoteJson.GetInt(details, "input_length"), RemoteJson.GetInt(details, "generated_tokens"), ToFinishReason(details))];
    }

    public async IAsyncEnumerable<TextGenerationUpdate> StreamAsync(
        TextGenerationPrompt prompt, TextGenerationParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var scope = new RemoteRequestScope(endpoint.TextGeneration(stream: true), options.Timeout, cancellationToken);
        using var response = await sender.SendAsync(Body(prompt, parameters, stream: true), stream: true, scope).ConfigureAwait(false);
        TextGenerationSummary? summary = null;
        await foreach (var item in ServerSentEventReader.ReadAsync(response, scope, options.MaxEventBytes).ConfigureAwait(false))
        {
            // Each event carries one token; special tokens (the end-of-sequence token) are not part of the text.
            var token = RemoteJson.GetObject(item, "token");
            var special = token.ValueKind == JsonValueKind.Object && token.TryGetProperty("special", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (!special && RemoteJson.GetString(token, "text") is { Length: > 0 } text)
            {
                yield return new TextGenerationUpdate(text);
            }

            // The last event carries the whole text and the details.
            if (RemoteJson.GetString(item, "generated_text") is not null)
            {
                var details = RemoteJson.GetObject(item, "details");
                summary = new TextGenerationSummary(RemoteJson.GetInt(details, "input_length"), RemoteJson.GetInt(details, "generated_tokens"), ToFinishReason(details));
            }
        }

        yield return summary is null
            ? throw ServerSentEventReader.EndedEarly(scope.Uri)
            : new TextGenerationUpdate(string.Empty, summary);
    }

    private JsonObject Body(TextGenerationPrompt prompt, TextGenerationParameters parameters, bool stream)
    {
        var values = new JsonObject
        {
            ["return_full_text"] = false,
            ["details"] = true,
        };
        RemoteJson.Set(values, "max_new_tokens", parameters.MaxNewTokens);
        RemoteJson.Set(values, "do_sample", parameters.DoSample);
        RemoteJson.Set(values, "temperature", parameters.Temperature);
        RemoteJson.Set(values, "top_k", parameters.TopK);
        RemoteJson.Set(values, "top_p", parameters.TopP);
        RemoteJson.Set(values, "repetition_penalty", parameters.RepetitionPenalty);
        RemoteJson.Set(values, "seed", parameters.Seed);
        if (parameters.StopStrings is { Count: > 0 } stops)
        {
            values["stop"] = RemoteJson.Strings(stops);
        }

        var body = new JsonObject { ["inputs"] = prompt.Text, ["parameters"] = values };
        if (stream && endpoint.TextProtocol != RemoteProtocol.Tgi)
        {
            body["stream"] = true;
        }

        return body;
    }

    private static FinishReason ToFinishReason(JsonElement details) =>
        RemoteJson.GetString(details, "finish_reason") == "length" ? FinishReason.Length : FinishReason.Stop;
}
