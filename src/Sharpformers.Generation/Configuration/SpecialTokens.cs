using Sharpformers.Models;

namespace Sharpformers.Generation.Configuration;

/// <summary>End-of-sequence and padding ids as transformers' <c>_prepare_special_tokens</c> settles them.</summary>
/// <param name="EosTokenIds">All end-of-sequence ids (possibly empty).</param>
/// <param name="PadTokenId">The padding id: the configured one, else the first eos id, else <see langword="null"/>.</param>
internal sealed record SpecialTokens(int[] EosTokenIds, int? PadTokenId)
{
    public static SpecialTokens From(GenerationConfig config)
    {
        var eos = config.EosTokenId is { } list ? list.ToArray() : [];
        var pad = config.PadTokenId ?? (eos.Length > 0 ? eos[0] : null);
        return new SpecialTokens(eos, pad);
    }

    public bool IsEos(long token)
    {
        foreach (var id in EosTokenIds)
        {
            if (id == token)
            {
                return true;
            }
        }

        return false;
    }
}
