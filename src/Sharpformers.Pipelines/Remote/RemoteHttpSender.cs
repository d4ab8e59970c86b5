using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sharpformers.Pipelines;

/// <summary>
/// Posts JSON to a remote server with the bearer token, retrying 429 (honouring <c>Retry-After</c>), 502, 503 (model
/// loading, honouring <c>estimated_time</c>) and 504 with exponential back-off; any other failure becomes a
/// <see cref="RemoteGenerationException"/> carrying the server's message.
/// </summary>
internal sealed class RemoteHttpSender(HttpClient client, RemoteOptions options, string? token)
{
    /// <summary>Sends and returns a success response whose body is not read yet (for streaming); the caller disposes it.</summary>
    public async Task<HttpResponseMessage> SendAsync(JsonObject body, bool stream, RemoteRequestScope scope)
    {
        var json = body.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, scope.Uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage? response = null;
            string errorBody;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                errorBody = await ReadBoundedAsync(response.Content, options.MaxResponseBytes, scope).ConfigureAwait(false);
            }
            catch (Exception ex) when (scope.IsTransportFailure(ex))
            {
                response?.Dispose();
                throw scope.Wrap(ex, "sending the request");
            }

            using (response)
            {
                if (!IsRetryable(response.StatusCode))
                {
                    throw RemoteJson.Error(scope.Uri, response.StatusCode, errorBody);
                }

                var delay = RetryAfter(response) ?? RemoteJson.EstimatedTime(errorBody) ?? Backoff(attempt);
                if (attempt >= options.MaxRetries)
                {
                    throw RemoteJson.Error(scope.Uri, response.StatusCode, errorBody, $" (gave up after {attempt + 1} attempts)");
                }

                if (delay > options.MaxRetryDelay)
                {
                    throw RemoteJson.Error(scope.Uri, response.StatusCode, errorBody, $" (the server asked to wait {delay.TotalSeconds:0.#} s, more than RemoteOptions.MaxRetryDelay)");
                }

                try
                {
                    await Task.Delay(delay, scope.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (scope.IsTransportFailure(ex))
                {
                    throw scope.Wrap(ex, "waiting to retry");
                }
            }
        }
    }

    /// <summary>Sends and reads a whole JSON answer.</summary>
    public async Task<System.Text.Json.JsonElement> PostAsync(JsonObject body, RemoteRequestScope scope)
    {
        using var response = await SendAsync(body, stream: false, scope).ConfigureAwait(false);
        string text;
        try
        {
            text = await ReadBoundedAsync(response.Content, options.MaxResponseBytes, scope).ConfigureAwait(false);
        }
        catch (Exception ex) when (scope.IsTransportFailure(ex))
        {
            throw scope.Wrap(ex, "reading the answer");
        }

        var json = RemoteJson.Parse(text, scope.Uri);
        return RemoteJson.IsError(json) ? throw RemoteJson.Error(scope.Uri, response.StatusCode, text) : json;
    }

    /// <summary>Reads a whole answer as UTF-8 text, failing once it grows past <paramref name="maxBytes"/>.</summary>
    private static async Task<string> ReadBoundedAsync(HttpContent content, int maxBytes, RemoteRequestScope scope)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(scope.Uri, maxBytes);
        }

        var stream = await content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, scope.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(scope.Uri, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private static RemoteGenerationException TooLarge(Uri uri, int maxBytes) =>
        new($"the answer of {uri} is larger than {maxBytes} bytes; RemoteOptions.MaxResponseBytes is the limit");

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private TimeSpan Backoff(int attempt) => options.RetryDelay * Math.Pow(2, Math.Min(attempt, 16));
}
