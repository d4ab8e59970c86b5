using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>
/// Handlers that speak each remote protocol over a deterministic "model": it continues any prompt with the words
/// <c> alpha beta gamma ...</c> (one token each), stops after <c>max_new_tokens</c>, on a stop string (kept by TGI,
/// cut off by OpenAI-compatible servers, which name it in vLLM's <c>stop_reason</c>), or with an end-of-sequence token
/// after the eighth word.
/// </summary>
internal static class FakeProtocols
{
    public static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];

    /// <summary>What the fake model generates for a prompt.</summary>
    public sealed record Generation(IReadOnlyList<string> Tokens, string FinishReason, string? MatchedStop, int PromptTokens)
    {
        public string Text => string.Concat(Tokens);

        /// <summary>The text an OpenAI-compatible server returns: without the matched stop string.</summary>
        public string TextWithoutStop => MatchedStop is null ? Text : Text[..^MatchedStop.Length];
    }

    public static Generation Generate(string prompt, int? maxNewTokens, IReadOnlyList<string> stops)
    {
        var tokens = new List<string>();
        var limit = maxNewTokens ?? 16;
        var promptTokens = prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        foreach (var word in Words)
        {
            if (tokens.Count == limit)
            {
                return new Generation(tokens, "length", null, promptTokens);
            }

            tokens.Add(" " + word);
            var text = string.Concat(tokens);
            if (stops.FirstOrDefault(s => text.EndsWith(s, StringComparison.Ordinal)) is { } stop)
            {
                return new Generation(tokens, "stop_sequence", stop, promptTokens);
            }
        }

        return new Generation(tokens, tokens.Count == limit ? "length" : "eos_token", null, promptTokens);
    }

    /// <summary>OpenAI-compatible <c>/v1/chat/completions</c> and <c>/v1/completions</c>, streamed or not.</summary>
    public static async Task OpenAiAsync(HttpContext context, FakeInferenceRequest request)
    {
        var chat = request.Path.EndsWith("/chat/completions", StringComparison.Ordinal);
        if (!chat && !request.Path.EndsWith("/completions", StringComparison.Ordinal))
        {
            await FakeInferenceServer.WriteJsonAsync(context, 404, """{"error":{"message":"no such route","type":"invalid_request_error"}}""");
            return;
        }

        var body = request.Body;
        var prompt = chat
            ? string.Join(' ', body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()))
            : body.GetProperty("prompt").GetString()!;
        var generation = Generate(prompt, OptionalInt(body, "max_tokens"), Strings(body, "stop"));
        var finish = generation.FinishReason == "length" ? "length" : "stop";
        var n = OptionalInt(body, "n") ?? 1;
        var usage = new { prompt_tokens = generation.PromptTokens, completion_tokens = generation.Tokens.Count * n, total_tokens = generation.PromptTokens + (generation.Tokens.Count * n) };
        if (body.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            var events = new List<string>();
            var remaining = generation.TextWithoutStop;
            foreach (var token in generation.Tokens)
            {
                var piece = remaining[..Math.Min(token.Length, remaining.Length)];
                remaining = remaining[piece.Length..];
                if (piece.Length > 0)
                {
                    events.Add(chat
                        ? JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } } })
                        : JsonSerializer.Serialize(new { choices = new[] { new { index = 0, text = piece, finish_reason = (string?)null } } }));
                }
            }

            events.Add(JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { }, text = "", finish_reason = finish, stop_reason = generation.MatchedStop } } }));
            if (body.TryGetProperty("stream_options", out var options) && options.GetProperty("include_usage").GetBoolean())
            {
                events.Add(JsonSerializer.Serialize(new { choices = Array.Empty<object>(), usage }));
            }

            events.Add("[DONE]");
            await FakeInferenceServer.WriteEventsAsync(context, events);
            return;
        }

        var choices = Enumerable.Range(0, n).Select(i => chat
            ? (object)new { index = i, message = new { role = "assistant", content = generation.TextWithoutStop }, finish_reason = finish, stop_reason = generation.MatchedStop }
            : new { index = i, text = generation.TextWithoutStop, finish_reason = finish, stop_reason = generation.MatchedStop }).ToArray();
        await FakeInferenceServer.WriteJsonAsync(context, 200, JsonSerializer.Serialize(new { id = "cmpl-1", model = body.GetProperty("model").GetString(), choices, usage }));
    }

    /// <summary>TGI: <c>/generate</c> (one object) and <c>/generate_stream</c> (<c>data:</c> without a space).</summary>
    public static Task TgiAsync(HttpContext context, FakeInferenceRequest request) => request.Path switch
    {
        "/generate" => TextGenerationAsync(context, request, asList: false, stream: false, prefix: "data:"),
        "/generate_stream" => TextGenerationAsync(context, request, asList: false, stream: true, prefix: "data:"),
        _ => FakeInferenceServer.WriteJsonAsync(context, 404, """{"error":"not found","error_type":"validation"}"""),
    };

    /// <summary>The Hugging Face task protocol: a list answer, or SSE (<c>data: </c> with a space) when the body says <c>"stream": true</c>.</summary>
    public static Task HfTaskAsync(HttpContext context, FakeInferenceRequest request) =>
        TextGenerationAsync(
            context, request, asList: true,
            stream: request.Body.TryGetProperty("stream", out var stream) && stream.GetBoolean(), prefix: "data: ");

    private static async Task TextGenerationAsync(HttpContext context, FakeInferenceRequest request, bool asList, bool stream, string prefix)
    {
        var inputs = request.Body.GetProperty("inputs").GetString()!;
        var parameters = request.Body.TryGetProperty("parameters", out var p) ? p : default;
        var generation = Generate(inputs, OptionalInt(parameters, "max_new_tokens"), Strings(parameters, "stop"));
        var fullText = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("return_full_text", out var full) && full.GetBoolean();
        var text = (fullText ? inputs : string.Empty) + generation.Text;
        var generatedTokens = generation.Tokens.Count + (generation.FinishReason == "eos_token" ? 1 : 0);
        if (stream)
        {
            var events = new List<string>();
            for (var i = 0; i < generation.Tokens.Count; i++)
            {
                var last = i == generation.Tokens.Count - 1 && generation.FinishReason != "eos_token";
                events.Add(TokenEvent(i, generation.Tokens[i], special: false, last ? text : null, last ? Details(generation, generatedTokens) : null));
            }

            if (generation.FinishReason == "eos_token")
            {
                events.Add(TokenEvent(generation.Tokens.Count, "</s>", special: true, text, Details(generation, generatedTokens)));
            }

            await FakeInferenceServer.WriteEventsAsync(context, events, prefix);
            return;
        }

        var answer = new { generated_text = text, details = new { finish_reason = generation.FinishReason, generated_tokens = generatedTokens, seed = (long?)null } };
        await FakeInferenceServer.WriteJsonAsync(context, 200, asList ? JsonSerializer.Serialize(new[] { answer }) : JsonSerializer.Serialize(answer));
    }

    private static object Details(Generation generation, int generatedTokens) =>
        new { finish_reason = generation.FinishReason, generated_tokens = generatedTokens, input_length = generation.PromptTokens, seed = (long?)null };

    private static string TokenEvent(int index, string text, bool special, string? generatedText, object? details) =>
        JsonSerializer.Serialize(new
        {
            index,
            token = new { id = 100 + index, text, logprob = -0.5, special },
            generated_text = generatedText,
            details,
        });

    private static int? OptionalInt(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string[] Strings(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : [];

    /// <summary>One <c>data:</c> line that never ends (until the client goes away or 64 MiB were sent).</summary>
    internal static async Task EndlessLineAsync(HttpContext context, FakeInferenceRequest request)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: {\"a\":\"", context.RequestAborted);
        var chunk = new string('x', 64 * 1024);
        try
        {
            for (var sent = 0; sent < 1024 && !context.RequestAborted.IsCancellationRequested; sent++)
            {
                await context.Response.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }
}
