namespace Sharpformers.Testing.Tokenizer;

/// <summary>A byte-level BPE vocabulary: tokens in id order (special tokens first, then the 256 bytes, then merges) and the merge rules in rank order.</summary>
/// <param name="Tokens">Token strings by id.</param>
/// <param name="SpecialTokenCount">How many of the first tokens are special.</param>
/// <param name="Merges">Merge rules (left, right), highest priority first.</param>
internal sealed record BpeVocabulary(IReadOnlyList<string> Tokens, int SpecialTokenCount, IReadOnlyList<(string Left, string Right)> Merges);
