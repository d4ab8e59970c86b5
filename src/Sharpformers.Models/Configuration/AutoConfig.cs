using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>Loads a model's <c>config.json</c>, as transformers' <c>AutoConfig.from_pretrained</c>.</summary>
public static class AutoConfig
{
    /// <summary>The configuration file name inside a model folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>Reads <c>config.json</c> from a model folder (or the file itself).</summary>
    /// <param name="pathOrFolder">A local model folder, the path of a <c>config.json</c>, or a Hub repo id (only config.json is fetched).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has no <c>config.json</c>.</exception>
    public static PretrainedConfig FromPretrained(string pathOrFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrFolder);
        var file = File.Exists(pathOrFolder) ? pathOrFolder : Path.Combine(ModelFolder.Resolve(pathOrFolder, [ConfigFileName]), ConfigFileName);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"No {ConfigFileName} in the model folder '{pathOrFolder}'.", file);
        }

        return Load(file);
    }

    internal static PretrainedConfig Load(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return new PretrainedConfig(document.RootElement, file);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }
}
