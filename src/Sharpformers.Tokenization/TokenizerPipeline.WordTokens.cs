using System.Runtime.InteropServices;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization;

/// <summary>
/// Full encodes (tokens and offsets) that read the pre-tokenizer's words as spans of the normalized split (byte-level BPE,
/// BERT WordPiece), as the ids-only paths of <c>TokenizerPipeline.WordIds.cs</c> do: no substring,
/// <see cref="NormalizedString"/> or split record per word. A token's offsets are ranges of its word, mapped to the split's
/// text (through the <see cref="WordBuffer"/>'s char sources for byte-level words) and then to the original through the
/// split's alignment, as the word's own <see cref="NormalizedString"/> would map them.
/// </summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>
    /// Appends the tokens of one sequence, offsets in the original text, when the model and pre-tokenizer have a span path;
    /// <see langword="false"/> (nothing appended) otherwise.
    /// </summary>
    private bool AppendWordSpanTokens(string text, List<Token> tokens)
    {
        if (Model is BpeModel bpe && ByteLevel() is { } byteLevel)
        {
            AppendByteLevelTokens(text, bpe, byteLevel, tokens);
            return true;
        }

        if (Model is WordPieceModel wordPiece && PreTokenizer is BertPreTokenizer)
        {
            AppendBertTokens(text, wordPiece, tokens);
            return true;
        }

        return false;
    }

    /// <summary>Byte-level BPE: each split's words written as byte chars into a per-thread <see cref="WordBuffer"/>.</summary>
    private void AppendByteLevelTokens(string text, BpeModel bpe, ByteLevelWords byteLevel, List<Token> tokens)
    {
        var pre = ExtractAndNormalize(text);
        var words = wordScratch ?? new WordBuffer();
        wordScratch = null;
        words.Reset(trackSources: true);
        foreach (var split in pre.Splits)
        {
            var normalized = split.Normalized;
            if (split.Tokens is { } known)
            {
                var first = tokens.Count;
                tokens.AddRange(known);
                ToOriginal(normalized, tokens, first);
                continue;
            }

            words.Clear();
            byteLevel.Append(normalized.Text, words);
            for (var w = 0; w < words.Count; w++)
            {
                var first = tokens.Count;
                bpe.AppendTokens(words[w], tokens);
                var wordStart = words.StartOf(w);
                foreach (ref var token in CollectionsMarshal.AsSpan(tokens)[first..])
                {
                    // A byte char maps to the chars it was written from; a token, from its first char's to its last's.
                    var start = normalized.StartOf(words.FirstSource(wordStart + token.Start));
                    var end = normalized.EndOf(words.LastSource(wordStart + token.End - 1));
                    token = token with { Start = start, End = end };
                }
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
    /// WordPiece after BERT's pre-tokenizer: each word a range of the split's normalized text, normalized in per-thread
    /// buffers where <see cref="BertSpanNormalizer"/> allows it.
    /// </summary>
    private void AppendBertTokens(string text, WordPieceModel wordPiece, List<Token> tokens)
    {
        var bert = BertSpanNormalizer();
        var pre = bert is null ? ExtractAndNormalize(text) : ExtractAndNormalize(text, null);
        var ranges = rangeScratch ?? new List<(int Start, int End)>(64);
        rangeScratch = null;
        foreach (var split in pre.Splits)
        {
            var normalized = split.Normalized;
            var first = tokens.Count;
            if (split.Tokens is { } known)
            {
                tokens.AddRange(known);
                ToOriginal(normalized, tokens, first);
                continue;
            }

            var aligned = bert?.NormalizeAligned(normalized.Text);
            var chars = aligned is null ? normalized.Text.AsSpan() : aligned.Chars;
            ranges.Clear();
            BertPreTokenizer.AppendRanges(chars, ranges);
            foreach (var (wordStart, wordEnd) in ranges)
            {
                first = tokens.Count;
                wordPiece.Tokenize(chars[wordStart..wordEnd], tokens);
                foreach (ref var token in CollectionsMarshal.AsSpan(tokens)[first..])
                {
                    // Through the aligned text's sources when normalized here, then the split's alignment.
                    var (start, last) = (wordStart + token.Start, wordStart + token.End - 1);
                    if (aligned is not null)
                    {
                        (start, last) = (aligned.FirstSource(start), aligned.LastSource(last));
                    }

                    token = token with { Start = normalized.StartOf(start), End = normalized.EndOf(last) };
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
