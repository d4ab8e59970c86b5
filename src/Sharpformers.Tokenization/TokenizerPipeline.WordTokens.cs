using System.Runtime.InteropServices;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization;

/// <summary>
/// The full span encode (tokens and offsets): the word walk of <c>TokenizerPipeline.WordWalk.cs</c> writing tokens. A
/// token's offsets are ranges of its word, mapped to the split's text (through the <see cref="WordBuffer"/>'s char sources
/// for byte-level words, the <see cref="AlignedText"/>'s for BERT text normalized in buffers) and then to the original
/// through the split's alignment, as the word's own <see cref="NormalizedString"/> would map them.
/// </summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>
    /// Appends the tokens of one sequence, offsets in the original text, when the model and pre-tokenizer have a span path;
    /// <see langword="false"/> (nothing appended) otherwise.
    /// </summary>
    private bool AppendWordSpanTokens(string text, List<Token> tokens)
    {
        var sink = new TokenSink(tokens);
        return WalkWordSpans(text, ref sink);
    }

    /// <summary>Appends each word's tokens with their offsets in the original text.</summary>
    private readonly struct TokenSink(List<Token> tokens) : IWordSink
    {
        public bool TracksSources => true;

        public void AddKnown(Token[] known, NormalizedString normalized)
        {
            var first = tokens.Count;
            tokens.AddRange(known);
            ToOriginal(normalized, tokens, first);
        }

        public void AddByteLevelWord(BpeModel bpe, WordBuffer words, int index, NormalizedString normalized)
        {
            var first = tokens.Count;
            bpe.AppendTokens(words[index], tokens);
            var wordStart = words.StartOf(index);
            foreach (ref var token in CollectionsMarshal.AsSpan(tokens)[first..])
            {
                // A byte char maps to the chars it was written from; a token, from its first char's to its last's.
                var start = normalized.StartOf(words.FirstSource(wordStart + token.Start));
                var end = normalized.EndOf(words.LastSource(wordStart + token.End - 1));
                token = token with { Start = start, End = end };
            }
        }

        public void AddBertWord(WordPieceModel wordPiece, ReadOnlySpan<char> chars, int start, int end, AlignedText? aligned, NormalizedString normalized)
        {
            var first = tokens.Count;
            wordPiece.Tokenize(chars[start..end], tokens);
            foreach (ref var token in CollectionsMarshal.AsSpan(tokens)[first..])
            {
                // Through the aligned text's sources when normalized in buffers, then the split's alignment.
                var (from, last) = (start + token.Start, start + token.End - 1);
                if (aligned is not null)
                {
                    (from, last) = (aligned.FirstSource(from), aligned.LastSource(last));
                }

                token = token with { Start = normalized.StartOf(from), End = normalized.EndOf(last) };
            }
        }
    }
}
