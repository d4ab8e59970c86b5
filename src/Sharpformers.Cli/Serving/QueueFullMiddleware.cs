using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sharpformers.Cli.Json;
using Sharpformers.Generation.Batching;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// Admission control's answer: a request the scheduler's full queue refused (<see cref="GenerationQueueFullException"/>)
/// becomes <c>429 Too Many Requests</c> with <c>Retry-After</c> and an OpenAI-shaped error body. The refusal comes before
/// any output, so even a streamed request gets a plain JSON answer.
/// </summary>
internal static class QueueFullMiddleware
{
    public static IApplicationBuilder UseQueueFullResponses(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (GenerationQueueFullException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var seconds = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(
                new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = ex.Message,
                        ["type"] = "rate_limit_exceeded",
                        ["code"] = "queue_full",
                    },
                },
                CliJsonContext.Default.JsonObject, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
    });
}
