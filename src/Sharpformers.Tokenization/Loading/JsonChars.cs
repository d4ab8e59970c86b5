using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>A JSON string's chars without allocating a string, for loops over large arrays (BPE merges).</summary>
internal static class JsonChars
{
    /// <summary>
    /// The value of the string <paramref name="element"/> as chars, decoded into <paramref name="buffer"/> (grown when too
    /// small) and valid until the buffer is reused; a string with escapes is unescaped through <see cref="JsonElement.GetString"/>.
    /// </summary>
    /// <remarks>Fully optimised from the first call: a load calls it per merge that the raw UTF-8 path cannot rank.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<char> Of(JsonElement element, ref char[] buffer)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);

        // The raw value includes the quotes; the document validated it, so anything between them is well-formed UTF-8.
        var utf8 = raw[1..^1];
        if (utf8.Contains((byte)'\\'))
        {
            return element.GetString();
        }

        if (buffer.Length < utf8.Length)
        {
            buffer = new char[Math.Max(utf8.Length, buffer.Length * 2)];
        }

        var count = System.Text.Encoding.UTF8.GetChars(utf8, buffer);
        return buffer.AsSpan(0, count);
    }
}
