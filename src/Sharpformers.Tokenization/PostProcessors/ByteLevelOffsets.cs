using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>HF <c>process_offsets</c>: trims leading/trailing (byte-level) spaces out of each token's offsets.</summary>
internal static class ByteLevelOffsets
{
    private static readonly char SpaceChar = ByteLevelAlphabet.ByteToChar[' '];

    public static void Trim(Encoding encoding, bool addPrefixSpace)
    {
        for (var i = 0; i < encoding.Length; i++)
        {
            var token = encoding.TokenList[i];
            var (start, end) = encoding.OffsetList[i];
            var leading = 0;
            while (leading < token.Length && IsSpace(token[leading]))
            {
                leading++;
            }

            var trailing = 0;
            while (trailing < token.Length && IsSpace(token[token.Length - 1 - trailing]))
            {
                trailing++;
            }

            if (leading == 0 && trailing == 0)
            {
                continue;
            }

            if (leading > 0)
            {
                var isFirst = i == 0 || start == 0;
                if (isFirst && addPrefixSpace && leading == 1)
                {
                    leading = 0;
                }

                start = Math.Min(start + leading, end);
            }

            if (trailing > 0 && end >= trailing)
            {
                end = Math.Max(end - trailing, start);
            }

            encoding.OffsetList[i] = (start, end);
        }

        foreach (var o in encoding.OverflowList)
        {
            Trim(o, addPrefixSpace);
        }
    }

    private static bool IsSpace(char c) => c == SpaceChar || UnicodeChars.IsWhitespace(c);
}
