using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace Sharpformers.Tokenization.Interop;

/// <summary>
/// Presents a <see cref="PretrainedTokenizer"/> as a <see cref="Tokenizer"/> of Microsoft.ML.Tokenizers, so code written
/// for it (Semantic Kernel chunkers, token counters) uses the exact HF ids. Counting and index-by-count come from the base
/// class over <see cref="EncodeToTokens(string?, ReadOnlySpan{char}, EncodeSettings)"/>.
/// </summary>
internal sealed class MlTokenizerAdapter(PretrainedTokenizer tokenizer, bool addSpecialTokens) : Tokenizer
{
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var encoding = tokenizer.Encode(input, addSpecialTokens);
        var max = settings.MaxTokenCount;
        var count = Math.Min(encoding.Length, max);
        var tokens = new List<EncodedToken>(count);
        for (var i = 0; i < count; i++)
        {
            var (start, end) = encoding.Offsets[i];
            tokens.Add(new EncodedToken(encoding.Ids[i], encoding.Tokens[i], new Range(start, end)));
        }

        var consumed = input.Length;
        if (count < encoding.Length)
        {
            // Stop before the first token that was left out, so that re-encoding the prefix gives the kept tokens.
            consumed = encoding.Offsets[count].Start;
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = consumed };
    }

    public override string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids);

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var list = ids.ToList();
        var text = tokenizer.Decode(list);
        if (text.Length <= destination.Length)
        {
            text.AsSpan().CopyTo(destination);
            idsConsumed = list.Count;
            charsWritten = text.Length;
            return OperationStatus.Done;
        }

        // Largest prefix of ids whose text fits.
        idsConsumed = 0;
        charsWritten = 0;
        for (var n = list.Count - 1; n > 0; n--)
        {
            var partial = tokenizer.Decode(list.GetRange(0, n));
            if (partial.Length <= destination.Length)
            {
                partial.AsSpan().CopyTo(destination);
                idsConsumed = n;
                charsWritten = partial.Length;
                break;
            }
        }

        return OperationStatus.DestinationTooSmall;
    }
}
