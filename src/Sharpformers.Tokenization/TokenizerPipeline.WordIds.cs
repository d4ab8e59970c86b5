using System.Runtime.InteropServices;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization;

/// <summary>The ids-only span encode: the word walk of <c>TokenizerPipeline.WordWalk.cs</c> writing ids.</summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>Appends each word's ids (no token strings or offsets).</summary>
    private readonly struct IdSink(List<int> ids) : IWordSink
    {
        public bool TracksSources => false;

        public void AddKnown(Token[] known, NormalizedString normalized) => AppendIds(known, ids);

        public void AddByteLevelWord(BpeModel bpe, WordBuffer words, int index, NormalizedString normalized) =>
            bpe.AppendIds(words[index], ids);

        public void AddBertWord(WordPieceModel wordPiece, ReadOnlySpan<char> chars, int start, int end, AlignedText? aligned, NormalizedString normalized)
        {
            // A word gives at most one piece per char (or one unknown token): written straight into the list's room.
            var at = ids.Count;
            CollectionsMarshal.SetCount(ids, at + (end - start));
            var written = wordPiece.WriteIds(chars[start..end], CollectionsMarshal.AsSpan(ids)[at..]);
            CollectionsMarshal.SetCount(ids, at + written);
        }
    }
}
