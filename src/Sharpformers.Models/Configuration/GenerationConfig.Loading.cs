namespace Sharpformers.Models;

public sealed partial class GenerationConfig
{
    /// <summary>The generation configuration file name inside a model folder.</summary>
    public const string FileName = "generation_config.json";

    /// <summary>
    /// The model's default generation configuration, as transformers loads it: <c>generation_config.json</c> when the
    /// folder has one (fields it omits keep the <see cref="GenerationConfig"/> defaults); otherwise the generation fields of
    /// <c>config.json</c> (and of its <c>decoder</c>/<c>text_config</c> sub-object), as <c>GenerationConfig.from_model_config</c>;
    /// otherwise the special token ids of an onnxruntime-genai <c>genai_config.json</c>; otherwise the defaults.
    /// </summary>
    /// <param name="folder">A local model folder.</param>
    /// <returns>A new configuration.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not valid JSON or a field has the wrong type.</exception>
    public static GenerationConfig FromPretrained(string folder) => GenerationConfigLoader.Load(ModelFolder.Require(folder));

    /// <summary>The generation fields of a model configuration, as transformers' <c>GenerationConfig.from_model_config</c>.</summary>
    /// <param name="config">The model configuration.</param>
    /// <returns>A new configuration.</returns>
    public static GenerationConfig FromModelConfig(PretrainedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return GenerationConfigLoader.FromModelConfig(config.Raw, config.SourcePath ?? AutoConfig.ConfigFileName);
    }
}
