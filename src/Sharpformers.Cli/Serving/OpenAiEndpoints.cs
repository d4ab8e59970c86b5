using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpformers.Cli.Json;
using Sharpformers.Cli.Serving.Errors;
using Sharpformers.Cli.Serving.Limits;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>The OpenAI-compatible routes of <c>sharpformers serve</c>: <c>/v1/models</c>, <c>/v1/chat/completions</c>, <c>/v1/completions</c>, and <c>/health</c>.</summary>
internal static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder app, ServeOptions options)
    {
        app.MapModelListingAndHealth(options);

        app.MapPost("/v1/chat/completions", (HttpContext context) => Handle(context, options, isChat: true, ChatCompletionAsync));
        app.MapPost("/v1/completions", (HttpContext context) => Handle(context, options, isChat: false, CompletionAsync));
        return app;
    }

    /// <summary>Maps <c>GET/HEAD /v1/models</c> (the served model with <c>created</c> and <c>owned_by</c>) and <c>/health</c>, for every task.</summary>
    public static IEndpointRouteBuilder MapModelListingAndHealth(this IEndpointRouteBuilder app, ServeOptions options)
    {
        app.MapMethods("/v1/models", [HttpMethods.Get, HttpMethods.Head], () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = options.ServedModelName, ["object"] = "model", ["created"] = options.Created, ["owned_by"] = options.OwnedBy }),
        }, CliJsonContext.Default.JsonObject));
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], () => Results.Json(new JsonObject { ["status"] = "ok" }, CliJsonContext.Default.JsonObject));
        return app;
    }

    private static async Task Handle(HttpContext context, ServeOptions options, bool isChat, Func<HttpContext, OpenAiRequest, Task> handler)
    {
        OpenAiRequest? request = null;
        try
        {
            request = await OpenAiRequest.ReadAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
            options.EnsureServes(request.Model);

            request.Validate(isChat);
            RequestLimits.Check(request, options, isChat);
            using var loop = options.DecodeLoops is { } admission ? await admission.EnterAsync(context.RequestAborted).ConfigureAwait(false) : null;
            await handler(context, request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not Generation.Batching.GenerationQueueFullException)
        {
            // A full queue is answered by the queue-full middleware (429 + Retry-After); every other failure here.
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sharpformers.Serve");
            await RequestFailures.AnswerAsync(context, ex, isChat, logger, request?.MaxTokensField ?? "max_tokens").ConfigureAwait(false);
        }
    }

    private static async Task ChatCompletionAsync(HttpContext context, OpenAiRequest request)
    {
        var client = context.RequestServices.GetRequiredService<IChatClient>();
        var messages = request.Messages();
        var options = request.StructuredChatOptions();
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var model = context.RequestServices.GetRequiredService<ServeOptions>().ServedModelName;
        if (!request.Stream)
        {
            var response = await client.GetResponseAsync(messages, options, context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = ToolCallsResponse.Message(response),
                    ["finish_reason"] = FinishReasonName(response.FinishReason),
                }),
                ["usage"] = Usage(response.Usage),
            }, CliJsonContext.Default.JsonObject, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var sse = ServerSentEvents.Start(context);
        var first = true;
        var callsSent = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, context.RequestAborted).ConfigureAwait(false))
        {
            var usage = update.Contents.OfType<UsageContent>().FirstOrDefault();
            var delta = new JsonObject();
            if (first)
            {
                delta["role"] = "assistant";
                first = false;
            }

            if (update.Text.Length > 0)
            {
                delta["content"] = update.Text;
            }

            callsSent = ToolCallsResponse.AddToDelta(delta, update, callsSent);

            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = delta,
                    ["finish_reason"] = update.FinishReason is null ? null : FinishReasonName(update.FinishReason),
                }),
            };
            if (usage is not null)
            {
                chunk["usage"] = Usage(usage.Details);
            }

            await sse.SendAsync(chunk, context.RequestAborted).ConfigureAwait(false);
        }

        await sse.DoneAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task CompletionAsync(HttpContext context, OpenAiRequest request)
    {
        var pipeline = context.RequestServices.GetRequiredService<TextGenerationPipeline>();
        request.RefuseChatOnlyFields();
        var prompts = request.Prompts();
        var parameters = request.TextParameters();
        var id = "cmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!request.Stream)
        {
            var results = await pipeline.GenerateAsync(prompts, parameters, context.RequestAborted).ConfigureAwait(false);
            var choices = new JsonArray();
            int promptTokens = 0, completionTokens = 0;
            foreach (var result in results.SelectMany(r => r))
            {
                choices.Add((JsonNode)new JsonObject
                {
                    ["index"] = choices.Count,
                    ["text"] = result.GeneratedText,
                    ["finish_reason"] = result.FinishReason == FinishReason.Length ? "length" : "stop",
                });
                promptTokens += result.PromptTokenCount;
                completionTokens += result.CompletionTokenCount;
            }

            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "text_completion",
                ["created"] = created,
                ["model"] = context.RequestServices.GetRequiredService<ServeOptions>().ServedModelName,
                ["choices"] = choices,
                ["usage"] = Usage(promptTokens, completionTokens),
            }, CliJsonContext.Default.JsonObject, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (prompts.Count != 1)
        {
            throw new BadRequestException("streaming completions take a single prompt");
        }

        var sse = ServerSentEvents.Start(context);
        await foreach (var update in pipeline.StreamUpdatesAsync(prompts[0], parameters with { ReturnFullText = false }, context.RequestAborted).ConfigureAwait(false))
        {
            var text = update.Text;
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "text_completion",
                ["created"] = created,
                ["model"] = context.RequestServices.GetRequiredService<ServeOptions>().ServedModelName,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["text"] = text,
                    ["finish_reason"] = update.Completion is { } c ? (c.FinishReason == FinishReason.Length ? "length" : "stop") : null,
                }),
            };
            if (update.Completion is { } done)
            {
                chunk["usage"] = Usage(done.PromptTokenCount, done.CompletionTokenCount);
            }

            if (text.Length > 0 || update.Completion is not null)
            {
                await sse.SendAsync(chunk, context.RequestAborted).ConfigureAwait(false);
            }
        }

        await sse.DoneAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static string FinishReasonName(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length" : reason == ChatFinishReason.ToolCalls ? "tool_calls" : "stop";

    private static JsonObject Usage(UsageDetails? usage) =>
        Usage((int)(usage?.InputTokenCount ?? 0), (int)(usage?.OutputTokenCount ?? 0));

    private static JsonObject Usage(int prompt, int completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };
}
