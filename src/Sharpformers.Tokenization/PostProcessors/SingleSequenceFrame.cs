namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>A special token a post-processor writes around a single sequence: id, string and type id (offsets (0, 0), masked as special).</summary>
internal readonly record struct FrameToken(int Id, string Token, int TypeId);

/// <summary>
/// What a post-processor does to a single sequence when that is only: give its tokens one type id and put special tokens
/// before and after it (BERT, templates of the form <c>[specials] $A [specials]</c>, byte-level without offset trimming).
/// The encode path then writes the special tokens into the result directly instead of copying the sequence's encoding
/// into a new one. Used only for a single sequence (no pair) with no truncation; anything else goes through the post-processor.
/// Unlike the ids-only <see cref="SpecialTokenFrame"/>, which is found by running the post-processor on a one-token probe,
/// this frame is declared by each post-processor: a probe cannot see offset rewriting (ByteLevel's and RoBERTa's
/// <c>trim_offsets</c> change nothing on the probe's token), which matters here and not for ids.
/// </summary>
internal sealed record SingleSequenceFrame(int SequenceTypeId, FrameToken[] Prefix, FrameToken[] Suffix)
{
    /// <summary>No special tokens, type id 0 (a post-processor that leaves a single sequence as it is).</summary>
    public static SingleSequenceFrame None { get; } = new(0, [], []);

    /// <summary>Number of special tokens added.</summary>
    public int AddedCount => Prefix.Length + Suffix.Length;
}
