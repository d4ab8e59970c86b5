using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpformers.Pipelines;

/// <summary>Reading JSON answers and error payloads of remote servers.</summary>
internal static class RemoteJson
{
    private const int MaxQuotedBody = 300;

    /// <summary>Parses a body the server sent with a success status; malformed JSON is a <see cref="RemoteGenerationException"/>.</summary>
    public static JsonElement Parse(string body, Uri uri)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new RemoteGenerationException($"{uri} returned malformed JSON ({ex.Message}): {Quote(body)}", ex);
        }
    }

    /// <summary>Sets <paramref name="name"/> when <paramref name="value"/> is not null (null parameters are left out, as huggingface_hub does).</summary>
    public static void Set(JsonObject body, string name, int? value)
    {
        if (value is { } v)
        {
            body[name] = JsonValue.Create(v);
        }
    }

    /// <inheritdoc cref="Set(JsonObject, string, int?)"/>
    public static void Set(JsonObject body, string name, float? value)
    {
        if (value is { } v)
        {
            body[name] = JsonValue.Create(v);
        }
    }

    /// <inheritdoc cref="Set(JsonObject, string, int?)"/>
    public static void Set(JsonObject body, string name, bool? value)
    {
        if (value is { } v)
        {
            body[name] = JsonValue.Create(v);
        }
    }

    public static JsonArray Strings(IReadOnlyList<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add((JsonNode)value);
        }

        return array;
    }

    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int GetInt(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    public static JsonElement GetObject(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>A required property, or a <see cref="RemoteGenerationException"/> naming it.</summary>
    public static JsonElement Require(JsonElement element, string name, JsonValueKind kind, Uri uri) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new RemoteGenerationException($"{uri} returned JSON without the expected {kind.ToString().ToLowerInvariant()} '{name}': {Quote(element.GetRawText())}");

    /// <summary>Whether a payload is an error (<c>{"error": ...}</c>), as TGI and OpenAI-compatible servers send mid-stream.</summary>
    public static bool IsError(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// The exception for an error answer, carrying the server's message: TGI <c>{"error","error_type"}</c>, OpenAI
    /// <c>{"error":{"message","type"}}</c>, vLLM/FastAPI <c>{"message"}</c> or <c>{"detail"}</c>, or the raw body.
    /// </summary>
    public static RemoteGenerationException Error(Uri uri, HttpStatusCode? status, string body, string? hint = null)
    {
        var (message, type) = ReadError(body);
        var code = status is { } s ? $" {(int)s} ({s})" : string.Empty;
        var advice = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the token: RemoteOptions.Token or --token)" : string.Empty;
        var typeText = type is null ? string.Empty : $" [{type}]";
        return new RemoteGenerationException($"{uri} answered{code}{typeText}: {message}{advice}{hint}")
        {
            StatusCode = status is { } st ? (int)st : null,
            ErrorType = type,
            ServerMessage = message,
        };
    }

    /// <summary>Reads <c>estimated_time</c> (seconds) from a legacy "model is loading" answer.</summary>
    public static TimeSpan? EstimatedTime(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("estimated_time", out var value)
                   && value.TryGetDouble(out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string Message, string? Type) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return (error.GetString()!, GetString(root, "error_type"));
                    }

                    if (error.ValueKind == JsonValueKind.Object && GetString(error, "message") is { } nested)
                    {
                        return (nested, GetString(error, "type"));
                    }
                }

                if ((GetString(root, "message") ?? GetString(root, "detail")) is { } message)
                {
                    return (message, GetString(root, "type"));
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: quote the body as it is
        }

        return (body.Length == 0 ? "(empty body)" : Quote(body), null);
    }

    private static string Quote(string body) => body.Length <= MaxQuotedBody ? body : body[..MaxQuotedBody] + "...";
}
