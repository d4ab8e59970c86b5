using System.Globalization;
using System.Text;

namespace Sharpformers.Jinja.Syntax;

/// <summary>Decodes a string literal body as Python's <c>unicode-escape</c> codec (what Jinja2 applies).</summary>
internal static class StringEscapes
{
    public static string Decode(string raw)
    {
        if (!raw.Contains('\\'))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = raw[++i];
            switch (next)
            {
                case '\n': break;
                case '\\': builder.Append('\\'); break;
                case '\'': builder.Append('\''); break;
                case '"': builder.Append('"'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case 'x': i = AppendHex(builder, raw, i, 2); break;
                case 'u': i = AppendHex(builder, raw, i, 4); break;
                case 'U': i = AppendHex(builder, raw, i, 8); break;
                case >= '0' and <= '7':
                    var end = i;
                    while (end < raw.Length && end < i + 3 && raw[end] is >= '0' and <= '7')
                    {
                        end++;
                    }

                    builder.Append((char)Convert.ToInt32(raw[i..end], 8));
                    i = end - 1;
                    break;
                default:
                    builder.Append('\\').Append(next);
                    break;
            }
        }

        return builder.ToString();
    }

    private static int AppendHex(StringBuilder builder, string raw, int escapeLetter, int digits)
    {
        var start = escapeLetter + 1;
        if (start + digits > raw.Length || !int.TryParse(raw.AsSpan(start, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var codePoint))
        {
            throw new Runtime.PyException("truncated escape sequence in string literal", "TemplateSyntaxError");
        }

        builder.Append(char.ConvertFromUtf32(codePoint));
        return start + digits - 1;
    }
}
