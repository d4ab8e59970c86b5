using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpformers.Cli.Serving.Errors;
using Sharpformers.Cli.Serving.Embeddings;
using Sharpformers.Cli.Serving.Rerank;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// The routes of <c>sharpformers serve</c> that depend on the <see cref="ServedTask"/>: <c>/v1/embeddings</c> for an encoder,
/// <c>/v1/rerank</c> for a cross-encoder,
/// and, for whichever task is not served, an OpenAI-shaped 404 naming the endpoint and the loaded model's task.
/// </summary>
internal static class EncoderEndpoints
{
    private static readonly string[] GenerationRoutes = ["/v1/chat/completions", "/v1/completions"];

    /// <summary>Maps <c>/v1/models</c>, <c>/health</c> and the encoder route of <paramref name="task"/> (an encoder task only).</summary>
    public static IEndpointRouteBuilder MapEncoderEndpoints(this IEndpointRouteBuilder app, ServeOptions options, ServedTask task)
    {
        var modelId = options.ServedModelName;
        app.MapModelListingAndHealth(options);
        if (task == ServedTask.Embeddings)
        {
            app.MapPost("/v1/embeddings", (HttpContext context) => HandleAsync(context, options, body =>
                EmbeddingsEndpoint.HandleAsync(context, body, context.RequestServices.GetRequiredService<SentenceEmbeddingPipeline>(), modelId)));
        }

        if (task == ServedTask.Rerank)
        {
            foreach (var route in RerankEndpoint.Routes)
            {
                app.MapPost(route, (HttpContext context) => HandleAsync(context, options, body =>
                    RerankEndpoint.HandleAsync(context, body, context.RequestServices.GetRequiredService<RerankingPipeline>(), modelId)));
            }
        }

        foreach (var route in GenerationRoutes)
        {
            app.MapPost(route, (HttpContext context) => NotServedAsync(context, route, modelId, task));
        }

        return app;
    }

    /// <summary>Maps the encoder routes as 404s naming the endpoint, for a server of <paramref name="task"/>.</summary>
    public static IEndpointRouteBuilder MapNotServedEncoderEndpoints(this IEndpointRouteBuilder app, string modelId, ServedTask task)
    {
        foreach (var route in new[] { "/v1/embeddings", "/v1/rerank", "/rerank", "/v2/rerank" })
        {
            if (route != ServedTasks.Route(task) && !(task == ServedTask.Rerank && route.EndsWith("/rerank", StringComparison.Ordinal)))
            {
                app.MapPost(route, (HttpContext context) => NotServedAsync(context, route, modelId, task));
            }
        }

        return app;
    }

    private static Task NotServedAsync(HttpContext context, string route, string modelId, ServedTask task) =>
        new OpenAiError(
            StatusCodes.Status404NotFound,
            $"{route} is not served: the loaded model '{modelId}' is served for {ServedTasks.Name(task)} ({ServedTasks.Route(task)}); "
            + "start `sharpformers serve` with a model for that endpoint or choose it with --task",
            "invalid_request_error",
            null,
            "not_found").WriteAsync(context.Response);

    /// <summary>
    /// Parses the body, checks the model name (404 <c>model_not_found</c>) and runs <paramref name="handler"/>; every
    /// failure is answered as on the generation routes (<see cref="RequestFailures"/>): a 400 naming the field, or a
    /// logged 500 with a generic message.
    /// </summary>
    internal static async Task HandleAsync(HttpContext context, ServeOptions options, Func<JsonElement, Task> handler)
    {
        try
        {
            var request = await OpenAiRequest.ReadAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
            options.EnsureServes(request.Model);
            await handler(request.Body).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sharpformers.Serve");
            await RequestFailures.AnswerAsync(context, ex, isChat: false, logger).ConfigureAwait(false);
        }
    }
}
