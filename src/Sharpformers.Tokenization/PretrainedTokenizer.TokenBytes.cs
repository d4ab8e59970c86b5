using Sharpformers.Tokenization.Decoders;

namespace Sharpformers.Tokenization;

/// <summary>Raw token bytes, for constrained decoding and other byte-level tools.</summary>
public sealed partial class PretrainedTokenizer
{
    // Tokens are decoded after this text so that markers such as ▁ read as they do in the middle of a text.
    private const string TokenBytesPrefix = "abcdef";
    private int[]? tokenBytesPrefixIds;

    /// <summary>Whether the id is an added token (tokenizer.json <c>added_tokens</c>, special or not), which is matched as a whole.</summary>
    /// <param name="id">The token id.</param>
    /// <returns><see langword="true"/> for an added token.</returns>
    public bool IsAddedToken(int id) => Pipeline.AddedVocabulary.IdToToken(id) is not null;

    /// <summary>
    /// The bytes one token contributes in the middle of a text: byte-level tokens (GPT-2, Qwen) mapped back to their
    /// bytes (possibly a partial UTF-8 character), byte-fallback tokens <c>&lt;0xNN&gt;</c> as their one byte, Metaspace
    /// <c>▁</c> as a space, added tokens as the UTF-8 of their content. Unknown ids give an empty array.
    /// </summary>
    /// <param name="id">The token id.</param>
    /// <returns>The token's bytes.</returns>
    public byte[] GetTokenBytes(int id)
    {
        if (Pipeline.AddedVocabulary.IdToToken(id) is { } added)
        {
            return System.Text.Encoding.UTF8.GetBytes(added);
        }

        if (Pipeline.Model.IdToToken(id) is not { } token)
        {
            return [];
        }

        if (HasDecoder<ByteFallbackDecoder>(Pipeline.Decoder) && ByteFallbackDecoder.TryParseByte(token, out var b))
        {
            return [b];
        }

        if (HasDecoder<ByteLevelDecoder>(Pipeline.Decoder))
        {
            var bytes = new List<byte>(token.Length);
            ByteLevelDecoder.AppendBytes(token, bytes);
            return [.. bytes];
        }

        var prefixIds = tokenBytesPrefixIds ??= [.. Encode(TokenBytesPrefix, addSpecialTokens: false).Ids];
        var ids = new int[prefixIds.Length + 1];
        prefixIds.CopyTo(ids, 0);
        ids[^1] = id;
        var text = Pipeline.Decode(ids, skipSpecialTokens: false);
        var at = text.IndexOf(TokenBytesPrefix, StringComparison.Ordinal);
        return System.Text.Encoding.UTF8.GetBytes(at >= 0 ? text[(at + TokenBytesPrefix.Length)..] : Pipeline.Decode([id], skipSpecialTokens: false));
    }

    private static bool HasDecoder<T>(IDecoder? decoder)
        where T : IDecoder => decoder switch
        {
            T => true,
            SequenceDecoder sequence => sequence.Decoders.Any(d => d is T),
            _ => false,
        };
}
