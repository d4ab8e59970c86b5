using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>The parts of onnxruntime-genai's <c>genai_config.json</c> that describe the decoder graph and its I/O names.</summary>
internal sealed record GenAiConfig(
    string DecoderFileName,
    string? ModelType,
    int? VocabSize,
    int? ContextLength,
    int? BosTokenId,
    IReadOnlyList<int>? EosTokenId,
    int? PadTokenId,
    int? NumAttentionHeads,
    int? NumKeyValueHeads,
    int? HeadSize,
    int? HiddenSize,
    int? NumHiddenLayers,
    IReadOnlyDictionary<string, string> InputNames,
    IReadOnlyDictionary<string, string> OutputNames)
{
    public const string FileName = "genai_config.json";

    public string Input(string key, string fallback) => InputNames.TryGetValue(key, out var name) ? name : fallback;

    public string? InputOrNull(string key) => InputNames.TryGetValue(key, out var name) ? name : null;

    public string? OutputOrNull(string key) => OutputNames.TryGetValue(key, out var name) ? name : null;

    public static GenAiConfig Load(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!document.RootElement.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{file}: missing the \"model\" object.");
            }

            if (!model.TryGetProperty("decoder", out var decoder) || decoder.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{file}: missing the \"model.decoder\" object.");
            }

            var fileName = ConfigFields.String(decoder, "filename")
                ?? throw new InvalidDataException($"{file}: missing \"model.decoder.filename\".");
            return new GenAiConfig(
                fileName,
                ConfigFields.String(model, "type"),
                ConfigFields.Int(model, ["vocab_size"]),
                ConfigFields.Int(model, ["context_length"]),
                ConfigFields.Int(model, ["bos_token_id"]),
                ConfigFields.IntList(model, "eos_token_id"),
                ConfigFields.Int(model, ["pad_token_id"]),
                ConfigFields.Int(decoder, ["num_attention_heads"]),
                ConfigFields.Int(decoder, ["num_key_value_heads"]),
                ConfigFields.Int(decoder, ["head_size"]),
                ConfigFields.Int(decoder, ["hidden_size"]),
                ConfigFields.Int(decoder, ["num_hidden_layers"]),
                StringMap(decoder, "inputs"),
                StringMap(decoder, "outputs"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A config.json equivalent for folders that only have genai_config.json (fields that are absent are left out).</summary>
    public string ToModelConfigJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (ModelType is not null)
            {
                writer.WriteString("model_type", ModelType);
            }

            WriteIfPresent(writer, "vocab_size", VocabSize);
            WriteIfPresent(writer, "hidden_size", HiddenSize);
            WriteIfPresent(writer, "num_hidden_layers", NumHiddenLayers);
            WriteIfPresent(writer, "num_attention_heads", NumAttentionHeads);
            WriteIfPresent(writer, "num_key_value_heads", NumKeyValueHeads);
            WriteIfPresent(writer, "head_dim", HeadSize);
            WriteIfPresent(writer, "max_position_embeddings", ContextLength);
            WriteIfPresent(writer, "bos_token_id", BosTokenId);
            if (EosTokenId is not null)
            {
                writer.WriteStartArray("eos_token_id");
                foreach (var id in EosTokenId)
                {
                    writer.WriteNumberValue(id);
                }

                writer.WriteEndArray();
            }

            WriteIfPresent(writer, "pad_token_id", PadTokenId);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static Dictionary<string, string> StringMap(JsonElement parent, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parent.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    map[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return map;
    }
}
