using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpformers.Models;

/// <summary>
/// Reads <see cref="GenerationConfig"/> the way transformers' <c>from_pretrained</c> does: the checkpoint's
/// <c>generation_config.json</c> replaces the one derived from <c>config.json</c>; only without it do the generation fields of
/// <c>config.json</c> count.
/// </summary>
internal static class GenerationConfigLoader
{
    public static GenerationConfig Load(string folder)
    {
        var generationFile = Path.Combine(folder, GenerationConfig.FileName);
        if (File.Exists(generationFile))
        {
            return Deserialize(ReadObject(generationFile), generationFile);
        }

        var configFile = Path.Combine(folder, AutoConfig.ConfigFileName);
        if (File.Exists(configFile))
        {
            return FromModelConfig(AutoConfig.Load(configFile).Raw, configFile);
        }

        // An onnxruntime-genai folder without config.json: its model section carries the special token ids.
        var genAiFile = Path.Combine(folder, GenAiConfig.FileName);
        if (File.Exists(genAiFile))
        {
            return FromModelConfig(PretrainedConfig.Parse(GenAiConfig.Load(genAiFile).ToModelConfigJson()).Raw, genAiFile);
        }

        return new GenerationConfig();
    }

    /// <summary>
    /// Top-level fields first; then, as <c>from_model_config</c>, a field of the decoder sub-configuration (<c>text_config</c>,
    /// <c>decoder</c>, ...) replaces one that is absent or still equal to its default.
    /// </summary>
    public static GenerationConfig FromModelConfig(JsonElement config, string source)
    {
        var merged = new JsonObject();
        CopyNonNull(config, merged, defaults: null);
        var defaults = JsonSerializer.SerializeToNode(new GenerationConfig(), ModelsJsonContext.Default.GenerationConfig)!.AsObject();
        foreach (var nested in ConfigFieldAliases.NestedTextConfigs)
        {
            if (config.TryGetProperty(nested, out var sub) && sub.ValueKind == JsonValueKind.Object)
            {
                CopyNonNull(sub, merged, defaults);
            }
        }

        return Deserialize(merged, source);
    }

    /// <summary>Copies generation fields; with <paramref name="defaults"/>, only over fields absent or still at their default.</summary>
    private static void CopyNonNull(JsonElement source, JsonObject target, JsonObject? defaults)
    {
        foreach (var property in source.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null || !GenerationFieldNames.Contains(property.Name))
            {
                continue;
            }

            var unset = !target.TryGetPropertyValue(property.Name, out var current)
                || (defaults is not null && defaults.TryGetPropertyValue(property.Name, out var fallback) && JsonNode.DeepEquals(current, fallback));
            if (unset)
            {
                target[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
    }

    private static JsonObject ReadObject(string file)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (node is not JsonObject json)
            {
                throw new InvalidDataException($"{file}: expected a JSON object.");
            }

            var result = new JsonObject();
            foreach (var (name, value) in json)
            {
                if (value is not null && GenerationFieldNames.Contains(name))
                {
                    result[name] = value.DeepClone();
                }
            }

            return result;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }

    private static GenerationConfig Deserialize(JsonObject fields, string source)
    {
        try
        {
            return fields.Deserialize(ModelsJsonContext.Default.GenerationConfig) ?? new GenerationConfig();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: a generation field has an unexpected value ({e.Path}): {e.Message}", e);
        }
    }

    /// <summary>The JSON names of <see cref="GenerationConfig"/>'s properties: the only fields copied.</summary>
    private static readonly HashSet<string> GenerationFieldNames = CollectFieldNames();

    private static HashSet<string> CollectFieldNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in typeof(GenerationConfig).GetProperties())
        {
            if (property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false) is [System.Text.Json.Serialization.JsonPropertyNameAttribute attribute])
            {
                names.Add(attribute.Name);
            }
        }

        return names;
    }
}
