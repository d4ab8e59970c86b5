using System.Text;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.Decoders;

/// <summary>Maps byte-level chars back to bytes and decodes UTF-8, invalid sequences as U+FFFD (HF <c>ByteLevel</c>).</summary>
internal sealed class ByteLevelDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            AppendBytes(token, bytes);
        }

        return [System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes))];
    }

    public static void AppendBytes(string token, List<byte> bytes)
    {
        foreach (var c in token)
        {
            if (c >= ByteLevelAlphabet.CharToByte.Length || ByteLevelAlphabet.CharToByte[c] < 0)
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(token));
                return;
            }
        }

        foreach (var c in token)
        {
            bytes.Add((byte)ByteLevelAlphabet.CharToByte[c]);
        }
    }
}
