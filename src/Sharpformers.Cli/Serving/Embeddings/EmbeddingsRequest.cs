using System.Text.Json;

namespace Sharpformers.Cli.Serving.Embeddings;

/// <summary>The fields of an OpenAI <c>/v1/embeddings</c> request body: <c>input</c>, <c>encoding_format</c>, <c>dimensions</c>.</summary>
internal sealed class EmbeddingsRequest
{
    /// <summary>The most texts one request may carry (OpenAI's limit).</summary>
    public const int MaxInputs = 2048;

    private EmbeddingsRequest(IReadOnlyList<string> inputs, bool base64, int? dimensions)
    {
        Inputs = inputs;
        Base64 = base64;
        Dimensions = dimensions;
    }

    /// <summary>The texts to embed, in request order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary><c>encoding_format: "base64"</c>: vectors as base64 of little-endian float32.</summary>
    public bool Base64 { get; }

    /// <summary>The requested output length (Matryoshka truncation), or <see langword="null"/> for the model's.</summary>
    public int? Dimensions { get; }

    /// <summary>Reads the fields from a parsed body.</summary>
    /// <exception cref="BadRequestException">A missing or malformed field, named in the message.</exception>
    public static EmbeddingsRequest From(JsonElement body)
    {
        if (!body.TryGetProperty("input", out var input))
        {
            throw new BadRequestException("'input' is required: a string or an array of strings", "input");
        }

        var inputs = input.ValueKind switch
        {
            JsonValueKind.String => [NonEmpty(input.GetString()!, 0)],
            JsonValueKind.Array => Texts(input),
            _ => throw new BadRequestException("'input' must be a string or an array of strings", "input"),
        };

        var base64 = false;
        if (body.TryGetProperty("encoding_format", out var format) && format.ValueKind != JsonValueKind.Null)
        {
            base64 = format.ValueKind == JsonValueKind.String ? format.GetString() switch
            {
                "float" => false,
                "base64" => true,
                var other => throw new BadRequestException($"'encoding_format' must be \"float\" or \"base64\", got \"{other}\"", "encoding_format"),
            } : throw new BadRequestException("'encoding_format' must be a string", "encoding_format");
        }

        int? dimensions = null;
        if (body.TryGetProperty("dimensions", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            dimensions = d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var value) && value > 0
                ? value
                : throw new BadRequestException("'dimensions' must be a positive integer", "dimensions");
        }

        return new EmbeddingsRequest(inputs, base64, dimensions);
    }

    private static string[] Texts(JsonElement array)
    {
        var count = array.GetArrayLength();
        if (count == 0)
        {
            throw new BadRequestException("'input' must not be an empty array", "input");
        }

        if (count > MaxInputs)
        {
            throw new BadRequestException($"'input' holds {count} items; at most {MaxInputs} are allowed per request", "input");
        }

        var texts = new string[count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            texts[i] = item.ValueKind switch
            {
                JsonValueKind.String => NonEmpty(item.GetString()!, i),
                JsonValueKind.Number or JsonValueKind.Array => throw new BadRequestException(
                    "'input' as token ids is not supported by this server; send the texts as strings", "input"),
                _ => throw new BadRequestException($"'input[{i}]' must be a string", $"input[{i}]"),
            };
            i++;
        }

        return texts;
    }

    private static string NonEmpty(string text, int index) =>
        text.Length > 0 ? text : throw new BadRequestException($"'input[{index}]' is an empty string; each input must be non-empty", $"input[{index}]");
}
