using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization;

/// <summary>Word boundaries as HF tokenizers numbers words (<c>word_ids</c>), for alignment in the encoder pipelines.</summary>
public sealed partial class PretrainedTokenizer
{
    /// <summary>
    /// The words of <paramref name="text"/> as HF tokenizers counts them for <c>word_ids</c>: the pieces left by added-token
    /// extraction, the normalizer and the pre-tokenizer, each as its range of <paramref name="text"/>, in order. A token of
    /// <paramref name="text"/> belongs to the word whose range holds its start offset (see <see cref="WordOf"/>).
    /// </summary>
    /// <param name="text">The text, as passed to <see cref="Encode(string, bool)"/>.</param>
    /// <returns>The UTF-16 <c>(Start, End)</c> range of each word in <paramref name="text"/>, in order, none empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public (int Start, int End)[] WordSpans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pre = new PreTokenizedString(NormalizedString.FromOriginal(text));
        Pipeline.AddedVocabulary.ExtractAndNormalize(pre, Pipeline.Normalizer);
        Pipeline.PreTokenizer?.PreTokenize(pre);
        var spans = new List<(int Start, int End)>(pre.Splits.Count);
        foreach (var split in pre.Splits)
        {
            if (split.Normalized.Length > 0)
            {
                spans.Add(split.Normalized.ToOriginal(0, split.Normalized.Length));
            }
        }

        return [.. spans];
    }

    /// <summary>The index in <paramref name="spans"/> (from <see cref="WordSpans"/>) of the word holding offset <paramref name="start"/>, or -1.</summary>
    /// <param name="spans">The word ranges <see cref="WordSpans"/> returned.</param>
    /// <param name="start">A UTF-16 offset into the text, e.g. a token's <c>Offsets[i].Start</c>.</param>
    /// <returns>The word's index, or -1 when no word holds the offset (whitespace the pre-tokenizer dropped, out of range).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spans"/> is null.</exception>
    public static int WordOf((int Start, int End)[] spans, int start)
    {
        ArgumentNullException.ThrowIfNull(spans);
        int low = 0, high = spans.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (spans[mid].Start <= start)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found >= 0 && start < spans[found].End ? found : -1;
    }
}
