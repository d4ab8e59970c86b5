namespace Sharpformers.Testing.Tokenizer;

/// <summary>
/// GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the other bytes take the
/// characters from U+0100 upward in byte order, so every byte sequence becomes a string without spaces or controls.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] Table = Build();

    /// <summary>The character standing for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => Table[value];

    /// <summary>The byte-level string of UTF-8 <paramref name="text"/>.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = Table[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] Build()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
