using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Lowercases every code point with Rust's full mapping (HF <c>Lowercase</c>).</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public void Normalize(NormalizedString text) => Apply(text);

    public static void Apply(NormalizedString text)
    {
        var s = text.Text;
        var changed = false;
        foreach (var c in s)
        {
            if (c >= 0x80 || c is >= 'A' and <= 'Z')
            {
                changed = true;
                break;
            }
        }

        if (!changed)
        {
            return;
        }

        var b = text.CreateBuilder();
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp < 0x80)
            {
                b.Append(cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp, i);
            }
            else
            {
                var lower = UnicodeChars.ToLower(cp);
                if (lower.Length == width)
                {
                    for (var k = 0; k < width; k++)
                    {
                        b.Append(lower[k], i + k);
                    }
                }
                else
                {
                    b.Append(lower, i);
                }
            }

            i += width;
        }

        text.Apply(b);
    }
}
