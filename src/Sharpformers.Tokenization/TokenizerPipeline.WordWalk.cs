using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization;

/// <summary>
/// The walk of the span encodes (byte-level BPE, BERT WordPiece) over the pre-tokenizer's words as spans of the normalized
/// split: no substring, <see cref="NormalizedString"/>, split record or model string per word. What each word becomes is
/// the sink's (<see cref="IdSink"/> for the ids-only encode, <see cref="TokenSink"/> for the full one).
/// </summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>Per-thread words of the split being encoded by <see cref="WalkByteLevel"/>.</summary>
    [ThreadStatic]
    private static WordBuffer? wordScratch;

    private ByteLevelWords? byteLevelWords;
    private bool byteLevelBuilt;

    /// <summary>Per-thread word ranges of the split being encoded by <see cref="WalkBert"/>.</summary>
    [ThreadStatic]
    private static List<(int Start, int End)>? rangeScratch;

    /// <summary>What a span walk does with the pieces of one sequence.</summary>
    private interface IWordSink
    {
        /// <summary>Whether byte-level words must record their source chars (offsets need them).</summary>
        bool TracksSources { get; }

        /// <summary>A split that is an added token (its tokens are known).</summary>
        void AddKnown(Token[] known, NormalizedString normalized);

        /// <summary>Word <paramref name="index"/> of <paramref name="words"/>, written from <paramref name="normalized"/>'s text.</summary>
        void AddByteLevelWord(BpeModel bpe, WordBuffer words, int index, NormalizedString normalized);

        /// <summary>
        /// Chars [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="chars"/>: <paramref name="normalized"/>'s
        /// text, or <paramref name="aligned"/>'s when the split was normalized in per-thread buffers.
        /// </summary>
        void AddBertWord(WordPieceModel wordPiece, ReadOnlySpan<char> chars, int start, int end, AlignedText? aligned, NormalizedString normalized);
    }

    /// <summary>Walks the words of one sequence into <paramref name="sink"/> when the model and pre-tokenizer have a span path; <see langword="false"/> (nothing walked) otherwise.</summary>
    private bool WalkWordSpans<TSink>(string text, ref TSink sink)
        where TSink : struct, IWordSink
    {
        if (Model is BpeModel bpe && ByteLevel() is { } byteLevel)
        {
            WalkByteLevel(text, bpe, byteLevel, ref sink);
            return true;
        }

        if (Model is WordPieceModel wordPiece && PreTokenizer is BertPreTokenizer)
        {
            WalkBert(text, wordPiece, ref sink);
            return true;
        }

        return false;
    }

    /// <summary>Byte-level BPE: each split's words written as byte chars into a per-thread <see cref="WordBuffer"/>.</summary>
    private void WalkByteLevel<TSink>(string text, BpeModel bpe, ByteLevelWords byteLevel, ref TSink sink)
        where TSink : struct, IWordSink
    {
        var pre = ExtractAndNormalize(text);
        var words = wordScratch ?? new WordBuffer();
        wordScratch = null;
        words.Reset(sink.TracksSources);
        foreach (var split in pre.Splits)
        {
            if (split.Tokens is { } known)
            {
                sink.AddKnown(known, split.Normalized);
                continue;
            }

            words.Clear();
            byteLevel.Append(split.Normalized.Text, words);
            for (var w = 0; w < words.Count; w++)
            {
                sink.AddByteLevelWord(bpe, words, w, split.Normalized);
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
    /// WordPiece after BERT's pre-tokenizer: each word a range of the split's normalized text
    /// (<see cref="BertPreTokenizer.AppendRanges"/>), normalized in per-thread buffers where <see cref="BertSpanNormalizer"/>
    /// allows it.
    /// </summary>
    private void WalkBert<TSink>(string text, WordPieceModel wordPiece, ref TSink sink)
        where TSink : struct, IWordSink
    {
        var bert = BertSpanNormalizer();
        var pre = bert is null ? ExtractAndNormalize(text) : ExtractAndNormalize(text, null);
        var ranges = rangeScratch ?? new List<(int Start, int End)>(64);
        rangeScratch = null;
        foreach (var split in pre.Splits)
        {
            var normalized = split.Normalized;
            if (split.Tokens is { } known)
            {
                sink.AddKnown(known, normalized);
                continue;
            }

            var aligned = bert?.NormalizeAligned(normalized.Text);
            var chars = aligned is null ? normalized.Text.AsSpan() : aligned.Chars;
            ranges.Clear();
            BertPreTokenizer.AppendRanges(chars, ranges);
            foreach (var (start, end) in ranges)
            {
                sink.AddBertWord(wordPiece, chars, start, end, aligned, normalized);
            }
        }

        ranges.Clear();
        if (ranges.Capacity <= KeptScratchCapacity)
        {
            rangeScratch = ranges;
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

}
