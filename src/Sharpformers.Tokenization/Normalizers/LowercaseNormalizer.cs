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

        if (TryLowercaseCharForChar(text))
        {
            return;
        }

        var b = text.CreateBuilder();
        Span<char> lower = stackalloc char[2];
        for (var i = 0; i < s.Length;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp < 0x80)
            {
                b.Append(cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp, i);
            }
            else
            {
                var count = UnicodeChars.ToLower(cp, lower);
                if (count == width)
                {
                    for (var k = 0; k < width; k++)
                    {
                        b.Append(lower[k], i + k);
                    }
                }
                else
                {
                    for (var k = 0; k < count; k++)
                    {
                        b.Append(lower[k], i);
                    }
                }
            }

            i += width;
        }

        text.Apply(b);
    }

    /// <summary>
    /// Lowercases in one new string when every code point keeps its UTF-16 width (nearly always): each char then keeps
    /// its own alignment, as the builder would give it. Returns false, changing nothing, otherwise.
    /// </summary>
    private static bool TryLowercaseCharForChar(NormalizedString text)
    {
        var s = text.Text;
        char[]? rented = null;
        var buffer = s.Length <= 256 ? stackalloc char[256] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(s.Length));
        Span<char> lower = stackalloc char[2];
        var ok = true;
        for (var i = 0; i < s.Length && ok;)
        {
            var cp = UnicodeChars.CodePointAt(s, i, out var width);
            if (cp < 0x80)
            {
                buffer[i] = cp is >= 'A' and <= 'Z' ? (char)(cp + 32) : (char)cp;
            }
            else if (UnicodeChars.ToLower(cp, lower) == width)
            {
                lower[..width].CopyTo(buffer[i..]);
            }
            else
            {
                ok = false;
            }

            i += width;
        }

        if (ok)
        {
            text.ReplaceText(new string(buffer[..s.Length]));
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }

        return ok;
    }
}
