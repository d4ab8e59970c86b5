namespace Sharpformers.Testing.Models;

/// <summary>The special tokens of each family and where they sit: ids 0.. before the 256 byte tokens and the merges.</summary>
internal static class ModelVocabulary
{
    private static readonly string[] LlamaSpecials = ["<|begin_of_text|>", "<|end_of_text|>"];
    private static readonly string[] Gpt2Specials = ["<|endoftext|>"];

    /// <summary>The special tokens, in id order from 0.</summary>
    public static IReadOnlyList<string> SpecialTokens(ModelFamily family) => family == ModelFamily.Gpt2 ? Gpt2Specials : LlamaSpecials;

    /// <summary>The id of the beginning-of-sequence token.</summary>
    public static int BosTokenId(ModelFamily family) => 0;

    /// <summary>The id of the end-of-sequence token (also used as padding by generation).</summary>
    public static int EosTokenId(ModelFamily family) => family == ModelFamily.Gpt2 ? 0 : 1;

    /// <summary>The smallest model vocabulary that holds the special tokens and the 256 byte tokens.</summary>
    public static int MinimumSize(ModelFamily family) => SpecialTokens(family).Count + 256;
}
