using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.Decoders;

/// <summary>Turns ▁ back into spaces; in the first token they are dropped unless the scheme is never (HF <c>Metaspace</c>).</summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme prependScheme) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            sb.Clear();
            foreach (var c in tokens[i])
            {
                if (c == replacement)
                {
                    if (i != 0 || prependScheme == PrependScheme.Never)
                    {
                        sb.Append(' ');
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }

            result.Add(sb.ToString());
        }

        return result;
    }
}
