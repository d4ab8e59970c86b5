using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization;

/// <summary>
/// Ids-only encodes that read the pre-tokenizer's words as spans (byte-level BPE, BERT WordPiece): no substring,
/// <see cref="NormalizedString"/>, split record or model string per word.
/// </summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>Per-thread words of the split being encoded by <see cref="AppendByteLevelIds"/>.</summary>
    [ThreadStatic]
    private static WordBuffer? wordScratch;

    private ByteLevelWords? byteLevelWords;
    private bool byteLevelBuilt;

    /// <summary>Per-thread word ranges of the split being encoded by <see cref="AppendBertIds"/>.</summary>
    [ThreadStatic]
    private static List<(int Start, int End)>? rangeScratch;

    /// <summary>
    /// <see cref="AppendSequenceIds"/> for a byte-level BPE: each split's words are written as byte chars into a per-thread
    /// <see cref="WordBuffer"/> and looked up in the model's cache by span, instead of a substring, a
    /// <see cref="NormalizedString"/>, a split record and a byte-char string per word.
    /// </summary>
    private void AppendByteLevelIds(string text, BpeModel bpe, ByteLevelWords byteLevel, List<int> ids)
    {
        var pre = ExtractAndNormalize(text);
        var words = wordScratch ?? new WordBuffer();
        wordScratch = null;
        words.Reset(trackSources: false);
        foreach (var split in pre.Splits)
        {
            if (split.Tokens is { } known)
            {
                AppendIds(known, ids);
                continue;
            }

            words.Clear();
            byteLevel.Append(split.Normalized.Text, words);
            for (var w = 0; w < words.Count; w++)
            {
                bpe.AppendIds(words[w], ids);
            }
        }

        words.Clear();
        if (words.IsWorthKeeping)
        {
            wordScratch = words;
        }

        Release(pre);
    }

    /// <summary>
    /// Whether the encodes read words as spans (byte-level BPE, BERT WordPiece) rather than a <see cref="NormalizedString"/>
    /// per word; for tests that must not pass by comparing the general path with itself.
    /// </summary>
    internal bool HasWordSpanPath =>
        (Model is BpeModel && ByteLevel() is not null) || (Model is WordPieceModel && PreTokenizer is BertPreTokenizer);

    /// <summary>Whether the BERT span paths normalize each split in per-thread buffers (see <see cref="BertSpanNormalizer"/>).</summary>
    internal bool NormalizesSplitsInBuffers => BertSpanNormalizer() is not null;

    /// <summary>The byte-level word writer of <see cref="PreTokenizer"/>, made once; <see langword="null"/> for other pre-tokenizers.</summary>
    private ByteLevelWords? ByteLevel()
    {
        if (!Volatile.Read(ref byteLevelBuilt))
        {
            Interlocked.CompareExchange(ref byteLevelWords, ByteLevelWords.TryCreate(PreTokenizer), null);
            Volatile.Write(ref byteLevelBuilt, true);
        }

        return byteLevelWords;
    }

    /// <summary>
    /// The <see cref="BertNormalizer"/> that normalizes each split in per-thread buffers (<see cref="BertNormalizer.NormalizeAligned"/>:
    /// no new string or alignment arrays per step for non-ASCII text) on the BERT span paths, when it is the pipeline's
    /// normalizer and no added token is matched after normalization; <see langword="null"/> otherwise (the splits come
    /// normalized, a pipeline without a normalizer included).
    /// </summary>
    private BertNormalizer? BertSpanNormalizer() =>
        Normalizer is BertNormalizer bert && !AddedVocabulary.MatchesNormalizedText ? bert : null;

    /// <summary>
    /// <see cref="AppendSequenceIds"/> for WordPiece after BERT's pre-tokenizer: each word is a range of the split's
    /// normalized text (<see cref="BertPreTokenizer.AppendRanges"/>) handed to the model as a span; the text is normalized
    /// in per-thread buffers where <see cref="BertSpanNormalizer"/> allows it.
    /// </summary>
    private void AppendBertIds(string text, WordPieceModel wordPiece, List<int> ids)
    {
        var bert = BertSpanNormalizer();
        var pre = bert is null ? ExtractAndNormalize(text) : ExtractAndNormalize(text, null);
        var ranges = rangeScratch ?? new List<(int Start, int End)>(64);
        rangeScratch = null;
        Span<int> room = stackalloc int[128];
        foreach (var split in pre.Splits)
        {
            if (split.Tokens is { } known)
            {
                AppendIds(known, ids);
                continue;
            }

            var normalized = bert is null ? split.Normalized.Text : bert.NormalizeAligned(split.Normalized.Text).Chars;
            ranges.Clear();
            BertPreTokenizer.AppendRanges(normalized, ranges);
            foreach (var (start, end) in ranges)
            {
                // A word gives at most one piece per char (or one unknown token).
                var word = normalized.Slice(start, end - start);
                var destination = word.Length <= room.Length ? room : new int[word.Length];
                var written = wordPiece.WriteIds(word, destination);
                foreach (var id in destination[..written])
                {
                    ids.Add(id);
                }
            }
        }

        ranges.Clear();
        if (ranges.Capacity <= KeptScratchCapacity)
        {
            rangeScratch = ranges;
        }

        Release(pre);
    }
}
