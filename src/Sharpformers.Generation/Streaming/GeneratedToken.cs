namespace Sharpformers.Generation.Streaming;

/// <summary>One token produced while streaming, with the text it completed.</summary>
/// <param name="TokenId">The token id.</param>
/// <param name="Text">Text that became final with this token (possibly empty; empty without a tokenizer).</param>
/// <param name="IsLast">Whether generation ended with this token.</param>
public readonly record struct GeneratedToken(long TokenId, string Text, bool IsLast);
