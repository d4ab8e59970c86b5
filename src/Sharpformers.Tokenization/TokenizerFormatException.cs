namespace Sharpformers.Tokenization;

/// <summary>
/// A tokenizer file is malformed or uses something unsupported. The message names the file and the JSON path of the
/// offending field (for example <c>tokenizer.json: $.pre_tokenizer.pretokenizers[1].type: unknown pre-tokenizer type 'Foo'</c>).
/// </summary>
public sealed class TokenizerFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file being read.</param>
    /// <param name="jsonPath">JSON path of the offending field (<c>$</c> for the root).</param>
    /// <param name="message">What was wrong and what was expected.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public TokenizerFormatException(string file, string jsonPath, string message, Exception? inner = null)
        : base($"{file}: {jsonPath}: {message}", inner)
    {
        File = file;
        JsonPath = jsonPath;
    }

    /// <summary>The file being read.</summary>
    public string File { get; }

    /// <summary>JSON path of the offending field.</summary>
    public string JsonPath { get; }
}
