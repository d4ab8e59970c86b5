using System.Buffers;
using Sharpformers.Tokenization.FastPath;

namespace Sharpformers.Tokenization;

/// <summary>The ids-only encodes: token ids without an <see cref="Encoding"/> (no token strings, offsets or masks).</summary>
public sealed partial class PretrainedTokenizer
{
    /// <summary>Texts up to this many chars use a stack buffer on the allocation-free path of <see cref="EncodeToIds"/>.</summary>
    private const int StackIds = 256;

    private AsciiWordPieceIds? idsPlan;
    private bool idsPlanBuilt;

    /// <summary>
    /// Encodes <paramref name="text"/> to token ids only: the same ids, in the same order, as
    /// <c>Encode(text, addSpecialTokens).Ids</c> (no truncation or padding), without building the token strings, offsets and
    /// masks of an <see cref="Encoding"/>. Use it where only ids are needed (generation prompts, embeddings, counting tokens).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Add the model's special tokens (BOS, [CLS]/[SEP]...), as <see cref="Encode(string, bool)"/>.</param>
    /// <returns>A new array holding exactly the ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int[] EncodeToIds(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (addSpecialTokens && IdsPlan() is { } plan && TryEncodeWhole(plan, text) is { } fast)
        {
            return fast;
        }

        return Pipeline.TryEncodeIds(text, addSpecialTokens) ?? [.. Pipeline.Encode(text, null, addSpecialTokens, null, null).IdList];
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> with special tokens into <paramref name="destination"/>, truncated on the right to
    /// <c>destination.Length</c> tokens (the special tokens always kept), exactly as
    /// <c>EncodeBatch([text], new() { Truncation = true, MaxLength = destination.Length })[0].Ids</c> gives them, allocating
    /// nothing. Only some tokenizers and texts have this path (today: BERT-style WordPiece tokenizers on ASCII text without
    /// added-token characters, see <see cref="HasIdsFastPath"/>); for the others it returns <see langword="false"/> and the caller
    /// uses <see cref="EncodeToIds"/> or <see cref="EncodeBatch"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Where the ids go; its length is the maximum number of tokens, special tokens included.</param>
    /// <param name="written">The number of ids written (0 when the method returns <see langword="false"/>).</param>
    /// <returns>
    /// <see langword="true"/> when the ids were written; <see langword="false"/> (the content of <paramref name="destination"/>
    /// then unspecified) when this tokenizer or this text has no allocation-free path, or when <paramref name="destination"/> has
    /// no room for the special tokens.
    /// </returns>
    public bool TryEncodeIds(ReadOnlySpan<char> text, Span<int> destination, out int written)
    {
        var plan = IdsPlan();
        if (plan is null)
        {
            written = 0;
            return false;
        }

        return plan.TryEncode(text, destination, out written);
    }

    /// <summary>Whether <see cref="TryEncodeIds"/> can take any text at all with this tokenizer.</summary>
    public bool HasIdsFastPath => IdsPlan() is not null;

    /// <summary>The whole text through the allocation-free plan, or <see langword="null"/> when the plan refuses it.</summary>
    private static int[]? TryEncodeWhole(AsciiWordPieceIds plan, string text)
    {
        // WordPiece gives a word at most one token per char, so this room is never reached: nothing is truncated.
        var room = text.Length + plan.SpecialTokens + 1;
        int[]? rented = null;
        var buffer = room <= StackIds ? stackalloc int[StackIds] : (rented = ArrayPool<int>.Shared.Rent(room));
        try
        {
            return plan.TryEncode(text, buffer[..room], out var written) && written < room ? buffer[..written].ToArray() : null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private AsciiWordPieceIds? IdsPlan()
    {
        if (!Volatile.Read(ref idsPlanBuilt))
        {
            var plan = AsciiWordPieceIds.TryCreate(Pipeline);
            Interlocked.CompareExchange(ref idsPlan, plan, null);
            Volatile.Write(ref idsPlanBuilt, true);
        }

        return idsPlan;
    }
}
