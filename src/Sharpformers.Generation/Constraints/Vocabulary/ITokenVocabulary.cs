namespace Sharpformers.Generation.Constraints;

/// <summary>
/// The bytes of every token, which constrained decoding needs to know which tokens keep the text valid.
/// <see cref="Streaming.PretrainedTokenizerExtensions.AsGenerationTokenizer"/> implements it; a custom
/// <see cref="Streaming.IGenerationTokenizer"/> implements it too to be used with <see cref="GenerationOptions.Constraint"/>.
/// </summary>
public interface ITokenVocabulary
{
    /// <summary>The number of token ids (ids are 0 .. <c>TokenCount - 1</c>, added tokens included).</summary>
    int TokenCount { get; }

    /// <summary>The bytes the token contributes in the middle of a text (may be a partial UTF-8 character; empty for an unused id).</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The bytes.</returns>
    byte[] GetTokenBytes(int id);

    /// <summary>Whether the token is an added or special token, only ever allowed where a literal spells its whole content.</summary>
    /// <param name="id">The token id.</param>
    /// <returns><see langword="true"/> for an added token.</returns>
    bool IsAddedToken(int id);
}
