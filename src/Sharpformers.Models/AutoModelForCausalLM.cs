using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>
/// Loads a causal language model from a folder exported by Optimum, transformers.js or onnxruntime-genai, as transformers'
/// <c>AutoModelForCausalLM.from_pretrained</c>. The export layout, the I/O names and types and the KV layout are read from
/// the files and the graph, not assumed.
/// </summary>
public static class AutoModelForCausalLM
{
    /// <summary>Loads the model in <paramref name="pathOrFolder"/>.</summary>
    /// <param name="pathOrFolder">A local model folder (config.json and/or genai_config.json, and the ONNX file(s)).</param>
    /// <param name="options">Variant and ONNX Runtime settings; <see langword="null"/> for the defaults (CPU, default file).</param>
    /// <returns>The loaded model, which the caller disposes.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">No usable ONNX file or configuration; the message lists what was found and looked for.</exception>
    /// <exception cref="InvalidDataException">The graph's inputs or outputs cannot be mapped; the message names them.</exception>
    public static CausalLanguageModel FromPretrained(string pathOrFolder, ModelOptions? options = null)
    {
        options ??= new ModelOptions();
        var folder = ModelFolder.Require(pathOrFolder);
        var genAiFile = Path.Combine(folder, GenAiConfig.FileName);
        var configFile = Path.Combine(folder, AutoConfig.ConfigFileName);
        PretrainedConfig config;
        if (File.Exists(configFile))
        {
            config = AutoConfig.Load(configFile);
        }
        else if (File.Exists(genAiFile))
        {
            config = PretrainedConfig.Parse(GenAiConfig.Load(genAiFile).ToModelConfigJson());
        }
        else
        {
            throw new FileNotFoundException($"The model folder '{folder}' has neither {AutoConfig.ConfigFileName} nor {GenAiConfig.FileName}.", configFile);
        }

        var files = OnnxModelFiles.Locate(folder, options.Dtype, config);
        var dims = ModelDimensions.From(config, files.GenAi);
        var generationConfig = GenerationConfigLoader.Load(folder);

        var sessionOptions = SessionOptionsFactory.Create(options, out var ownsOptions);
        DecoderGraph? primary = null;
        DecoderGraph? firstStep = null;
        try
        {
            var primaryFile = files.DecoderWithPast ?? files.Decoder;
            primary = DecoderContractReader.ReadWithPast(OpenSession(primaryFile, sessionOptions), primaryFile, dims, out var slots);
            if (files.DecoderWithPast is not null)
            {
                firstStep = DecoderContractReader.ReadWithoutPast(OpenSession(files.Decoder, sessionOptions), files.Decoder, dims, slots);
            }

            return new CausalLanguageModel(config, generationConfig, folder, files, primary, firstStep, slots);
        }
        catch
        {
            primary?.Dispose();
            firstStep?.Dispose();
            throw;
        }
        finally
        {
            if (ownsOptions)
            {
                sessionOptions.Dispose();
            }
        }
    }

    /// <summary>Loads the model in <paramref name="pathOrFolder"/> without blocking the caller.</summary>
    /// <param name="pathOrFolder">A local model folder.</param>
    /// <param name="options">Variant and ONNX Runtime settings.</param>
    /// <param name="ct">Cancels the load before the sessions are created.</param>
    /// <returns>The loaded model.</returns>
    public static Task<CausalLanguageModel> FromPretrainedAsync(string pathOrFolder, ModelOptions? options = null, CancellationToken ct = default) =>
        Task.Run(() => FromPretrained(pathOrFolder, options), ct);

    private static InferenceSession OpenSession(string file, SessionOptions options)
    {
        try
        {
            return new InferenceSession(file, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime could not load '{file}': {e.Message}", e);
        }
    }
}
