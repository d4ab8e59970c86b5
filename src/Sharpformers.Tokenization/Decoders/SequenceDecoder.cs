namespace Sharpformers.Tokenization.Decoders;

/// <summary>Chains decoders (HF <c>Sequence</c>).</summary>
internal sealed class SequenceDecoder(IReadOnlyList<IDecoder> decoders) : IDecoder
{
    public IReadOnlyList<IDecoder> Decoders => decoders;

    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var d in decoders)
        {
            tokens = d.DecodeChain(tokens);
        }

        return tokens;
    }
}
