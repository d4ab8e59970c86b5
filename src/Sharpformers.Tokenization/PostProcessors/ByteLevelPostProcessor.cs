namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>Only trims offsets (HF <c>ByteLevel</c> as a post-processor).</summary>
internal sealed class ByteLevelPostProcessor(bool trimOffsets, bool addPrefixSpace) : IPostProcessor
{
    public int AddedTokens(bool isPair) => 0;

    public SingleSequenceFrame? SingleFrame() => trimOffsets ? null : SingleSequenceFrame.None;

    public void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens)
    {
        if (!trimOffsets)
        {
            return;
        }

        foreach (var e in encodings)
        {
            ByteLevelOffsets.Trim(e, addPrefixSpace);
        }
    }
}
