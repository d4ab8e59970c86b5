namespace Sharpformers.Tokenization.Decoders;

/// <summary>The "clean up tokenization spaces" rewrite of HF tokenizers and transformers.</summary>
internal static class CleanUp
{
    /// <summary>HF tokenizers' decoder <c>cleanup</c> (WordPiece, CTC): transformers' rewrite plus <c>" do not"</c> → <c>" don't"</c>
    /// (the replacements do not interact, so their order does not matter).</summary>
    public static string TokenizationSpaces(string s) => Transformers(s).Replace(" do not", " don't", StringComparison.Ordinal);

    /// <summary>transformers' <c>clean_up_tokenization</c> (applied by <c>decode</c> when enabled).</summary>
    public static string Transformers(string s) => s
        .Replace(" .", ".", StringComparison.Ordinal)
        .Replace(" ?", "?", StringComparison.Ordinal)
        .Replace(" !", "!", StringComparison.Ordinal)
        .Replace(" ,", ",", StringComparison.Ordinal)
        .Replace(" ' ", "'", StringComparison.Ordinal)
        .Replace(" n't", "n't", StringComparison.Ordinal)
        .Replace(" 'm", "'m", StringComparison.Ordinal)
        .Replace(" 's", "'s", StringComparison.Ordinal)
        .Replace(" 've", "'ve", StringComparison.Ordinal)
        .Replace(" 're", "'re", StringComparison.Ordinal);
}
