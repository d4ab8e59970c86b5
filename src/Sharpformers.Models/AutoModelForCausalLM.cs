using Microsoft.ML.OnnxRuntime;
using Sharpformers.Hub;

namespace Sharpformers.Models;

/// <summary>
/// Loads a causal language model from a folder exported by Optimum, transformers.js or onnxruntime-genai, as transformers'
/// <c>AutoModelForCausalLM.from_pretrained</c>. The export layout, the I/O names and types and the KV layout are read from
/// the files and the graph, not assumed.
/// </summary>
public static class AutoModelForCausalLM
{
    /// <summary>Loads the model in <paramref name="pathOrFolder"/>.</summary>
    /// <param name="pathOrFolder">A local model folder (config.json and/or genai_config.json, and the ONNX file(s)), or a Hub repo id
    /// (<c>org/name</c>): only the files of the chosen variant are downloaded, into the cache shared with Python.</param>
    /// <param name="options">Variant and ONNX Runtime settings; <see langword="null"/> for the defaults (CPU, default file).</param>
    /// <returns>The loaded model, which the caller disposes.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="HubException">The repo id could not be downloaded or found in the cache (offline).</exception>
    /// <exception cref="FileNotFoundException">No usable ONNX file or configuration; the message lists what was found and looked for.</exception>
    /// <exception cref="InvalidDataException">The graph's inputs or outputs cannot be mapped; the message names them.</exception>
    public static CausalLanguageModel FromPretrained(string pathOrFolder, ModelOptions? options = null)
    {
        options ??= new ModelOptions();
        return Load(ModelFolder.Resolve(pathOrFolder, OnnxModelFiles.DownloadPatterns(options.Dtype), options.Hub, options.Revision, options.Progress), options);
    }

    /// <summary>Loads the model in <paramref name="pathOrFolder"/> without blocking the caller, downloading it first when it is a repo id.</summary>
    /// <param name="pathOrFolder">A local model folder, or a Hub repo id (only the files of the chosen variant are fetched).</param>
    /// <param name="options">Variant, Hub and ONNX Runtime settings.</param>
    /// <param name="ct">Cancels the download, and the load before the sessions are created.</param>
    /// <returns>The loaded model.</returns>
    public static async Task<CausalLanguageModel> FromPretrainedAsync(string pathOrFolder, ModelOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ModelOptions();
        var folder = await ModelFolder.ResolveAsync(pathOrFolder, OnnxModelFiles.DownloadPatterns(options.Dtype), options.Hub, options.Revision, options.Progress, ct)
            .ConfigureAwait(false);
        return await Task.Run(() => Load(folder, options), ct).ConfigureAwait(false);
    }

    private static CausalLanguageModel Load(string folder, ModelOptions options)
    {
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
            primary = DecoderContractReader.ReadWithPast(OnnxSessions.Open(primaryFile, sessionOptions), primaryFile, dims, out var slots);
            if (files.DecoderWithPast is not null)
            {
                firstStep = DecoderContractReader.ReadWithoutPast(OnnxSessions.Open(files.Decoder, sessionOptions), files.Decoder, dims, slots);
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
}
