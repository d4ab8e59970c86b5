namespace Sharpformers.Tokenization.AddedTokens;

/// <summary>An entry of tokenizer.json's <c>added_tokens</c> (HF <c>AddedToken</c>).</summary>
internal sealed record AddedToken(
    int Id,
    string Content,
    bool Special,
    bool SingleWord = false,
    bool LStrip = false,
    bool RStrip = false,
    bool Normalized = true);
