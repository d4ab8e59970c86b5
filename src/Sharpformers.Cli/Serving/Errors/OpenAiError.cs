using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sharpformers.Cli.Serving.Errors;

/// <summary>
/// An error answer in OpenAI's shape, <c>{"error":{"message","type","param","code"}}</c>, with its HTTP status.
/// Every failure of <c>serve</c> is answered with one: never an empty body.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Message">What went wrong, for the client.</param>
/// <param name="Type"><c>invalid_request_error</c>, <c>server_error</c>...</param>
/// <param name="Param">The request field at fault, if any (for example <c>messages[1].role</c>).</param>
/// <param name="Code">A machine-readable code (<c>model_not_found</c>, <c>context_length_exceeded</c>...), if any.</param>
internal sealed record OpenAiError(int Status, string Message, string Type, string? Param = null, string? Code = null)
{
    /// <summary>A 400 <c>invalid_request_error</c>.</summary>
    public static OpenAiError BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    /// <summary>The 500 answer: a generic message (the details go to the server log only).</summary>
    public static OpenAiError Internal() =>
        new(StatusCodes.Status500InternalServerError, "the server failed while processing the request; the details are in the server log", "server_error");

    /// <summary>The error as OpenAI's JSON body.</summary>
    public JsonObject ToJson() => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["param"] = Param,
            ["code"] = Code,
        },
    };

    /// <summary>Writes the status and the JSON body; does nothing once the response has started.</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = Status;
        response.ContentType = "application/json";
        await response.WriteAsync(ToJson().ToJsonString(), CancellationToken.None).ConfigureAwait(false);
    }
}
