namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>Adds special tokens / fixes type ids and offsets of the encoded sequences (HF <c>PostProcessor</c>).</summary>
internal interface IPostProcessor
{
    /// <summary>Number of special tokens added for a single sequence or a pair.</summary>
    int AddedTokens(bool isPair);

    /// <summary>Rewrites each sequence's encoding (one, or two for a pair); they are then concatenated.</summary>
    void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens);

    /// <summary>
    /// The special tokens and type id this post-processor gives a single sequence, when that is all it does to one
    /// (<see cref="SingleSequenceFrame"/>); <see langword="null"/> otherwise.
    /// </summary>
    SingleSequenceFrame? SingleFrame() => null;
}
