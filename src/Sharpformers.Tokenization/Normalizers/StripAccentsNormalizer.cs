using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Removes combining marks by HF's table (HF <c>StripAccents</c>; meant to follow NFD/NFKD).</summary>
internal sealed class StripAccentsNormalizer : INormalizer
{
    public void Normalize(NormalizedString text) => Apply(text, HfCombiningMarks.Contains);

    /// <summary>Removes the code points <paramref name="remove"/> selects.</summary>
    public static void Apply(NormalizedString text, Func<int, bool> remove)
    {
        var s = text.Text;
        NormalizedBuilder? b = null;
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp >= 0x300 && remove(cp))
            {
                if (b is null)
                {
                    b = text.CreateBuilder();
                    b.AppendRange(0, i);
                }
            }
            else
            {
                b?.AppendRange(i, i + width);
            }

            i += width;
        }

        if (b is not null)
        {
            text.Apply(b);
        }
    }
}
