using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Removes whitespace at the start and/or end (HF <c>Strip</c>).</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        var s = text.Text;
        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && UnicodeChars.IsWhitespace(s[start]))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && UnicodeChars.IsWhitespace(s[end - 1]))
            {
                end--;
            }
        }

        if (start == 0 && end == s.Length)
        {
            return;
        }

        var b = text.CreateBuilder();
        b.AppendRange(start, end);
        text.Apply(b);
    }
}
