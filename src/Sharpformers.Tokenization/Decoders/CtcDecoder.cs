namespace Sharpformers.Tokenization.Decoders;

/// <summary>Collapses repeats, drops the pad token, maps the word delimiter to a space (HF <c>CTC</c>).</summary>
internal sealed class CtcDecoder(string padToken, string wordDelimiterToken, bool cleanup) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        string? previous = null;
        foreach (var token in tokens)
        {
            if (token == previous)
            {
                continue;
            }

            previous = token;
            var replaced = token.Replace(padToken, string.Empty, StringComparison.Ordinal);
            if (cleanup)
            {
                replaced = CleanUp.TokenizationSpaces(replaced).Replace(wordDelimiterToken, " ", StringComparison.Ordinal);
            }

            if (replaced.Length > 0)
            {
                result.Add(replaced);
            }
        }

        return result;
    }
}
