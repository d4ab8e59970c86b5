namespace Sharpformers.Tokenization.Decoders;

/// <summary>Removes up to <c>start</c> leading and <c>stop</c> trailing <c>content</c> chars from each token (HF <c>Strip</c>).</summary>
internal sealed class StripDecoder(char content, int start, int stop) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            var from = 0;
            while (from < start && from < token.Length && token[from] == content)
            {
                from++;
            }

            var to = token.Length;
            var removed = 0;
            while (removed < stop && to > from && token[to - 1] == content)
            {
                to--;
                removed++;
            }

            result.Add(token[from..to]);
        }

        return result;
    }
}
