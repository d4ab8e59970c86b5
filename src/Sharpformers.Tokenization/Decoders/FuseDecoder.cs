namespace Sharpformers.Tokenization.Decoders;

/// <summary>Joins all tokens into one (HF <c>Fuse</c>).</summary>
internal sealed class FuseDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}
