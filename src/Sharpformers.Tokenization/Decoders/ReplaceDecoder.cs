using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Normalizers;

namespace Sharpformers.Tokenization.Decoders;

/// <summary>Replaces a pattern in each token (HF <c>Replace</c> decoder).</summary>
internal sealed class ReplaceDecoder(SplitPattern pattern, string content) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            result.Add(ReplaceNormalizer.ApplyTo(token, pattern, content));
        }

        return result;
    }
}
