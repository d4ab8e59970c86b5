using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>Streams a <c>vocab</c> object (token → id) from its UTF-8 text, without a document.</summary>
internal static class VocabReader
{
    /// <summary>
    /// Reads every entry into <paramref name="vocab"/> (and, when given, into <paramref name="index"/> by its raw UTF-8, a range of <paramref name="utf8"/>),
    /// or returns false at the first entry whose value is not a non-negative integer (the caller then takes the
    /// document path, which reports it with its JSON path).
    /// </summary>
    /// <remarks>Fully optimised from the first call: it runs once per load, over the whole vocabulary.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> utf8, Dictionary<string, int> vocab, Utf8TokenIndex? index)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A property name's token starts at its opening quote.
            var keyStart = (int)reader.TokenStartIndex + 1;
            var keyLength = reader.ValueSpan.Length;
            var token = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var id) || id < 0)
            {
                return false;
            }

            var count = vocab.Count;
            vocab[token] = id;
            if (index is not null && (!index.Add(keyStart, keyLength, id) || vocab.Count == count))
            {
                index.Disable();
            }
        }

        return true;
    }
}
