using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// A large JSON container kept as its UTF-8 text (valid, from a validated file): <see cref="Length"/> bytes at
/// <see cref="Start"/> of <see cref="Buffer"/>, with its number of items. Plain fields in a class, so a load compiles no
/// accessor and no <c>Nullable</c> instantiation for it.
/// </summary>
internal sealed class LargeJsonValue(byte[] buffer, int start, int length, int count)
{
    /// <summary>The whole file's bytes (owned by the <see cref="TokenizerJsonFile"/>, valid until it is disposed).</summary>
    public readonly byte[] Buffer = buffer;

    /// <summary>Where the value's opening bracket or brace is in <see cref="Buffer"/>.</summary>
    public readonly int Start = start;

    /// <summary>The value's length in bytes, closing bracket or brace included.</summary>
    public readonly int Length = length;

    /// <summary>The number of properties (object) or elements (array).</summary>
    public readonly int Count = count;

    /// <summary>The value's UTF-8 text.</summary>
    public ReadOnlySpan<byte> Utf8 => Buffer.AsSpan(Start, Length);

    /// <summary>The value as a document, for the general (and error-reporting) paths; the caller disposes it.</summary>
    public JsonDocument Parse() => JsonDocument.Parse(Buffer.AsMemory(Start, Length), new JsonDocumentOptions { MaxDepth = 256 });
}
