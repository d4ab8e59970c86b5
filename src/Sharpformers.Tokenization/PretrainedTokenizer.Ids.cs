using Sharpformers.Tokenization.FastPath;

namespace Sharpformers.Tokenization;

/// <summary>The ids-only fast path (no <see cref="Encoding"/>) for the encoder pipelines' hot loop.</summary>
public sealed partial class PretrainedTokenizer
{
    private AsciiWordPieceIds? idsPlan;
    private bool idsPlanBuilt;

    /// <summary>
    /// Writes the ids of <paramref name="text"/>, with special tokens and truncated on the right to <c>destination.Length</c>,
    /// exactly as <c>EncodeBatch([text], new() { Truncation = true, MaxLength = destination.Length }).Ids</c> gives them, without
    /// allocating. Returns <see langword="false"/> when the text or the tokenizer is outside what the fast path takes (today: BERT-style
    /// WordPiece tokenizers on ASCII text without added-token characters); the caller then uses the full path.
    /// </summary>
    internal bool TryEncodeIds(ReadOnlySpan<char> text, Span<int> destination, out int written)
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
    internal bool HasIdsFastPath => IdsPlan() is not null;

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
