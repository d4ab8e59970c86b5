namespace Sharpformers.Tokenization.Decoders;

/// <summary>Glues <c>##</c> continuations, spaces the rest, optional tokenization-space cleanup (HF <c>WordPiece</c>).</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i != 0)
            {
                token = token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
            }

            result.Add(cleanup ? CleanUp.TokenizationSpaces(token) : token);
        }

        return result;
    }
}
