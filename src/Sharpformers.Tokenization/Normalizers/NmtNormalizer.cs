using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>SentencePiece's NMT cleanup: drops some control chars, maps some spaces to ' ' (HF <c>Nmt</c>).</summary>
internal sealed class NmtNormalizer : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        var s = text.Text;
        var b = text.CreateBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            int c = s[i];
            if (c is >= 0x01 and <= 0x08 or 0x0B or >= 0x0E and <= 0x1F or 0x7F or 0x8F or 0x9F)
            {
                continue;
            }

            var space = c is 0x09 or 0x0A or 0x0C or 0x0D or 0x1680 or >= 0x200B and <= 0x200F or 0x2028 or 0x2029 or 0x2581 or 0xFEFF or 0xFFFD;
            b.Append(space ? ' ' : s[i], i);
        }

        text.Apply(b);
    }
}
