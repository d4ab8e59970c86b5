namespace Sharpformers.Models;

/// <summary>
/// Loads an encoder with a given head, for every <c>AutoModel...</c> entry point: the folder or repo id through
/// <see cref="ModelFolder"/>, the dtype variant through <see cref="OnnxModelFiles"/>, the session through
/// <see cref="SessionOptionsFactory"/>, the contract through <see cref="EncoderContractReader"/>.
/// </summary>
internal static class EncoderLoader
{
    public static EncoderModel FromPretrained(string pathOrFolder, ModelOptions? options, EncoderHead head)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrFolder);
        options ??= new ModelOptions();
        return Load(ModelFolder.Resolve(pathOrFolder, OnnxModelFiles.DownloadPatterns(options.Dtype), options.Hub, options.Revision, options.Progress), options, head);
    }

    public static async Task<EncoderModel> FromPretrainedAsync(string pathOrFolder, ModelOptions? options, EncoderHead head, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrFolder);
        options ??= new ModelOptions();
        var folder = await ModelFolder.ResolveAsync(pathOrFolder, OnnxModelFiles.DownloadPatterns(options.Dtype), options.Hub, options.Revision, options.Progress, ct)
            .ConfigureAwait(false);
        return await Task.Run(() => Load(folder, options, head), ct).ConfigureAwait(false);
    }

    private static EncoderModel Load(string folder, ModelOptions options, EncoderHead head)
    {
        var configFile = Path.Combine(folder, AutoConfig.ConfigFileName);
        if (!File.Exists(configFile))
        {
            throw new FileNotFoundException($"The model folder '{folder}' has no {AutoConfig.ConfigFileName}.", configFile);
        }

        var config = AutoConfig.Load(configFile);
        var files = OnnxModelFiles.Locate(folder, options.Dtype, config);
        if (files.DecoderWithPast is not null)
        {
            throw new InvalidDataException($"'{folder}' holds a decoder with a KV cache ({files.DecoderWithPast}), not an encoder; load it with AutoModelForCausalLM.");
        }

        var sessionOptions = SessionOptionsFactory.Create(options, out var ownsOptions);
        var session = OnnxSessions.Open(files.Decoder, sessionOptions);
        try
        {
            return new EncoderModel(config, folder, files.Decoder, EncoderContractReader.Read(session, files.Decoder, config, head));
        }
        catch
        {
            session.Dispose();
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
