namespace Sharpformers.Tokenization;

/// <summary>Loads the tokenizer of a model folder, as transformers' <c>AutoTokenizer</c>.</summary>
public static class AutoTokenizer
{
    /// <summary>
    /// Loads <c>tokenizer.json</c> (required) with <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c> and
    /// <c>added_tokens.json</c> (optional) from a local model folder.
    /// </summary>
    /// <param name="pathOrFolder">A local folder (Hub repo ids are not resolved yet).</param>
    /// <param name="options">Overrides of tokenizer_config.json values.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has no tokenizer.json.</exception>
    /// <exception cref="TokenizerFormatException">A file is malformed or uses an unsupported component.</exception>
    public static PretrainedTokenizer FromPretrained(string pathOrFolder, TokenizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrFolder);
        if (!Directory.Exists(pathOrFolder))
        {
            throw new DirectoryNotFoundException($"tokenizer folder '{pathOrFolder}' does not exist (only local folders are supported; Hub repo ids are not resolved here yet)");
        }

        var tokenizerJson = Path.Combine(pathOrFolder, "tokenizer.json");
        if (!File.Exists(tokenizerJson))
        {
            throw new FileNotFoundException($"'{pathOrFolder}' has no tokenizer.json (only fast tokenizers in tokenizer.json form are supported)", tokenizerJson);
        }

        return PretrainedTokenizer.Load(tokenizerJson, pathOrFolder, options);
    }

    /// <summary>Asynchronous twin of <see cref="FromPretrained"/> (the files are read on the thread pool).</summary>
    /// <param name="pathOrFolder">A local folder.</param>
    /// <param name="options">Overrides of tokenizer_config.json values.</param>
    /// <param name="cancellationToken">Cancels before loading starts.</param>
    /// <returns>The tokenizer.</returns>
    public static Task<PretrainedTokenizer> FromPretrainedAsync(string pathOrFolder, TokenizerOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => FromPretrained(pathOrFolder, options), cancellationToken);
}
