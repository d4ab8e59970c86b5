namespace Sharpformers.Tokenization.Decoders;

/// <summary>Replaces the end-of-word suffix by a space, except in the last token (HF <c>BPEDecoder</c>).</summary>
internal sealed class BpeDecoder(string suffix) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            result.Add(tokens[i].Replace(suffix, i == tokens.Count - 1 ? string.Empty : " ", StringComparison.Ordinal));
        }

        return result;
    }
}
