namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>Applies post-processors in order (HF <c>Sequence</c>).</summary>
internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> processors) : IPostProcessor
{
    public int AddedTokens(bool isPair)
    {
        var n = 0;
        foreach (var p in processors)
        {
            n += p.AddedTokens(isPair);
        }

        return n;
    }

    public void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens)
    {
        foreach (var p in processors)
        {
            p.ProcessEncodings(encodings, addSpecialTokens);
        }
    }
}
