using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sharpformers.Cli.Serving.Errors;

/// <summary>
/// Answers a failed request: an OpenAI error body with its status before the response started; once a stream has
/// started, an SSE event holding the error, then <c>data: [DONE]</c>. Server faults are logged with the exception.
/// </summary>
internal static class RequestFailures
{
    public static async Task AnswerAsync(HttpContext context, Exception exception, bool isChat, ILogger logger, string maxTokensField = "max_tokens")
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("{Method} {Path}: the client went away", context.Request.Method, context.Request.Path);
            return;
        }

        var (error, isServerFault) = RequestErrorMapper.Map(exception, isChat, maxTokensField);
        if (isServerFault)
        {
            logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogDebug("{Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, error.Status, error.Message);
        }

        if (!context.Response.HasStarted)
        {
            await error.WriteAsync(context.Response).ConfigureAwait(false);
            return;
        }

        if (context.Response.ContentType == "text/event-stream")
        {
            try
            {
                var payload = error.ToJson();
                ((JsonObject)payload["error"]!)["status"] = error.Status;
                await context.Response.WriteAsync("data: " + payload.ToJsonString() + "\n\ndata: [DONE]\n\n", context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                logger.LogDebug("{Method} {Path}: the client went away before the error event", context.Request.Method, context.Request.Path);
            }
        }
        else
        {
            context.Abort();
        }
    }
}
