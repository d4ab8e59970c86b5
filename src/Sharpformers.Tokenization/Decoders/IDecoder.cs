namespace Sharpformers.Tokenization.Decoders;

/// <summary>A decoding step (HF <c>Decoder::decode_chain</c>): rewrites the list of token strings; the result is joined.</summary>
internal interface IDecoder
{
    List<string> DecodeChain(List<string> tokens);
}
