using System.Net;
using System.Text;
using System.Text.Json;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>Sends raw requests and checks the rule every answer of serve keeps: a status and a JSON body (or a finished SSE stream).</summary>
internal static class ServeResponses
{
    public sealed record Answer(HttpStatusCode Status, string? ContentType, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public JsonElement Error => Json.GetProperty("error");
    }

    public static Task<Answer> PostAsync(HttpClient http, string path, string body, string? contentType = "application/json", IDictionary<string, string>? headers = null) =>
        SendAsync(http, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), contentType, headers);

    public static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, byte[]? body = null, string? contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Headers.ExpectContinue = body.Length > 1024 * 1024; // as curl does: a refused large body is never sent
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException(name);
            }
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var answer = new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        AssertWellFormed(answer, method);
        return answer;
    }

    /// <summary>Every answer: JSON (an error object for a failure), or an event stream ending with <c>[DONE]</c>.</summary>
    public static void AssertWellFormed(Answer answer, HttpMethod? method = null)
    {
        if (method == HttpMethod.Head)
        {
            return;
        }

        Assert.False(string.IsNullOrEmpty(answer.Body), $"status {(int)answer.Status} with an empty body");
        if (answer.ContentType == "text/event-stream")
        {
            Assert.EndsWith("data: [DONE]", answer.Body.TrimEnd('\n'), StringComparison.Ordinal);
            return;
        }

        Assert.Equal("application/json", answer.ContentType);
        using var json = JsonDocument.Parse(answer.Body);
        if ((int)answer.Status >= 400)
        {
            var error = json.RootElement.GetProperty("error");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.DoesNotContain("   at ", answer.Body, StringComparison.Ordinal); // never a stack trace
        }
    }

    /// <summary>The JSON payloads of an event stream (without <c>[DONE]</c>).</summary>
    public static List<JsonElement> Events(string body) =>
        [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement)];
}
