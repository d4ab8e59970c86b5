using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>A large JSON container kept as its UTF-8 text (valid, from a validated file) with its number of items.</summary>
internal readonly record struct LargeJsonValue(ReadOnlyMemory<byte> Utf8, int Count)
{
    /// <summary>The value as a document, for the general (and error-reporting) paths; the caller disposes it.</summary>
    public JsonDocument Parse() => JsonDocument.Parse(Utf8, new JsonDocumentOptions { MaxDepth = 256 });
}
