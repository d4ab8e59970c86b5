using Sharpformers.Hub;

namespace Sharpformers.Tokenization;

/// <summary>Loads the tokenizer of a model folder or Hub repository, as transformers' <c>AutoTokenizer</c>.</summary>
public static class AutoTokenizer
{
    /// <summary>The files a tokenizer is made of; only these are fetched when the argument is a repo id.</summary>
    private static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"];

    /// <summary>
    /// Loads <c>tokenizer.json</c> (required) with <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c> and
    /// <c>added_tokens.json</c> (optional) from a local folder, or from a Hub repo id (those files only are downloaded,
    /// into the cache shared with Python; offline they come from the cache).
    /// </summary>
    /// <param name="pathOrFolder">A local folder, or a Hub repo id such as <c>org/name</c>.</param>
    /// <param name="options">Overrides of tokenizer_config.json values, and Hub settings.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="DirectoryNotFoundException">The argument is neither a folder nor a repo id.</exception>
    /// <exception cref="FileNotFoundException">The folder has no tokenizer.json.</exception>
    /// <exception cref="HubException">The repo could not be downloaded, or is not cached when offline.</exception>
    /// <exception cref="TokenizerFormatException">A file is malformed or uses an unsupported component.</exception>
    public static PretrainedTokenizer FromPretrained(string pathOrFolder, TokenizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrFolder);
        return Load(HubModelResolver.ResolveFolder(pathOrFolder, TokenizerFiles, options?.Hub, options?.Revision, options?.Progress), options);
    }

    /// <summary>Asynchronous twin of <see cref="FromPretrained"/>: downloads with cancellation, then reads the files on the thread pool.</summary>
    /// <param name="pathOrFolder">A local folder, or a Hub repo id.</param>
    /// <param name="options">Overrides of tokenizer_config.json values, and Hub settings.</param>
    /// <param name="cancellationToken">Cancels the download, and the load before it starts.</param>
    /// <returns>The tokenizer.</returns>
    public static async Task<PretrainedTokenizer> FromPretrainedAsync(string pathOrFolder, TokenizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrFolder);
        var folder = await HubModelResolver.ResolveFolderAsync(pathOrFolder, TokenizerFiles, options?.Hub, options?.Revision, options?.Progress, cancellationToken)
            .ConfigureAwait(false);
        return await Task.Run(() => Load(folder, options), cancellationToken).ConfigureAwait(false);
    }

    private static PretrainedTokenizer Load(string folder, TokenizerOptions? options)
    {
        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(tokenizerJson))
        {
            throw new FileNotFoundException($"'{folder}' has no tokenizer.json (only fast tokenizers in tokenizer.json form are supported)", tokenizerJson);
        }

        return PretrainedTokenizer.Load(tokenizerJson, folder, options);
    }
}
