namespace Sharpformers.Generation.Streaming;

/// <summary>
/// What generation needs from a tokenizer: token texts for stop strings, a streaming decoder for
/// <c>GenerateStreamAsync</c>, and whole-sequence decoding.
/// </summary>
public interface IGenerationTokenizer
{
    /// <summary>Decodes token ids to text.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="skipSpecialTokens">Whether special tokens are left out.</param>
    /// <returns>The text.</returns>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);

    /// <summary>The text one token contributes in the middle of a text (transformers' <c>clean_tokenizer_vocab</c>: byte-level and ▁ markers resolved).</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The text, possibly empty.</returns>
    string GetTokenText(int id);

    /// <summary>Creates an incremental decoder that turns ids into complete text pieces.</summary>
    /// <param name="skipSpecialTokens">Whether special tokens are left out.</param>
    /// <returns>A new decoder for one sequence.</returns>
    IStreamingTokenDecoder CreateStreamingDecoder(bool skipSpecialTokens);
}

/// <summary>Incremental detokenizer of one sequence (the TextStreamer equivalent).</summary>
public interface IStreamingTokenDecoder
{
    /// <summary>Adds one id; returns the text that became final (possibly empty).</summary>
    /// <param name="id">The token id.</param>
    /// <returns>New text.</returns>
    string Append(int id);

    /// <summary>Returns any text still held back.</summary>
    /// <returns>The rest of the text.</returns>
    string Flush();
}
