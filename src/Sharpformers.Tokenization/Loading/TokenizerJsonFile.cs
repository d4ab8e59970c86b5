using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// A tokenizer.json read once into a pooled buffer and split in two: its large values (<c>model.vocab</c> and
/// <c>model.merges</c>, most of the file) stay as UTF-8 slices for <see cref="VocabReader"/> and <see cref="MergeReader"/>
/// to stream, and everything else becomes a small <see cref="JsonDocument"/> (the skeleton) in which each large value is
/// an empty <c>{}</c> or <c>[]</c>, so the component factories read it through <see cref="JsonCursor"/> as before and
/// the model factory still sees each large value's kind. One <see cref="Utf8JsonReader"/> pass validates the file, finds
/// the large values and counts their items (so the tables built from them are presized).
/// </summary>
internal sealed class TokenizerJsonFile : IDisposable
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private byte[]? buffer;
    private readonly JsonDocument skeleton;

    private TokenizerJsonFile(byte[] buffer, JsonDocument skeleton, LargeJsonValue? vocab, LargeJsonValue? merges)
    {
        this.buffer = buffer;
        this.skeleton = skeleton;
        Root = skeleton.RootElement;
        Vocab = vocab;
        Merges = merges;
    }

    // Plain fields, so a load compiles no accessor for them.

    /// <summary>The file without its large values.</summary>
    public readonly JsonElement Root;

    /// <summary><c>model.vocab</c> when it is an object or an array.</summary>
    public readonly LargeJsonValue? Vocab;

    /// <summary><c>model.merges</c> when it is an object or an array.</summary>
    public readonly LargeJsonValue? Merges;

    /// <exception cref="JsonException">the file is not valid JSON.</exception>
    public static TokenizerJsonFile Read(string path)
    {
        var buffer = ReadPooled(path, out var length);
        try
        {
            FindLargeValues(buffer, length, out var vocab, out var merges);
            var skeleton = JsonDocument.Parse(Skeleton(buffer.AsSpan(0, length), vocab, merges), new JsonDocumentOptions { MaxDepth = 256 });
            return new TokenizerJsonFile(buffer, skeleton, vocab, merges);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        skeleton.Dispose();
        if (buffer is { } b)
        {
            buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    /// <summary>
    /// The whole file in a pooled buffer (pooled rather than GC.AllocateUninitializedArray: a later load in the process
    /// then reuses the array, about a fifth faster for llama-2 in an A/B; the cost is the shared pool keeping an array
    /// of up to twice the file's size). A regular file is read up to its length; a pipe, a device or a procfs file
    /// (whose length reads as 0) is read to its end, the buffer growing up to <see cref="Array.MaxLength"/>.
    /// </summary>
    private static byte[] ReadPooled(string path, out int length)
    {
        // Unbuffered: the bytes go straight into the buffer.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var size = stream.CanSeek ? stream.Length : 0;
        if (size > Array.MaxLength)
        {
            throw new IOException($"{path} is too large to read ({size} bytes)");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size > 0 ? (int)size : 64 * 1024);
        length = 0;
        try
        {
            int read;
            while ((size == 0 || length < size) && (read = stream.Read(buffer.AsSpan(length, (size > 0 ? (int)size : buffer.Length) - length))) > 0)
            {
                length += read;
                if (size == 0 && length == buffer.Length)
                {
                    buffer = Grow(buffer, path);
                }
            }

            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A pooled buffer twice as large (at most <see cref="Array.MaxLength"/>) holding <paramref name="full"/>, which is returned.</summary>
    private static byte[] Grow(byte[] full, string path)
    {
        if (full.Length >= Array.MaxLength)
        {
            throw new IOException($"{path} is too large to read (over {Array.MaxLength} bytes)");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(full.Length * 2L, Array.MaxLength));
        full.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }

    /// <summary><c>model.vocab</c> and <c>model.merges</c>, when they are containers, with their item counts.</summary>
    private static void FindLargeValues(byte[] buffer, int length, out LargeJsonValue? vocab, out LargeJsonValue? merges)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(0, length), ReaderOptions);
        vocab = merges = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (isModel && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isVocab = reader.ValueTextEquals("vocab"u8);
                    var isMerges = !isVocab && reader.ValueTextEquals("merges"u8);
                    reader.Read();
                    if ((isVocab || isMerges) && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        var count = CountItems(ref reader);
                        var value = new LargeJsonValue(buffer, start, (int)reader.BytesConsumed - start, count);
                        if (isVocab)
                        {
                            vocab = value;
                        }
                        else
                        {
                            merges = value;
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Past the root's closing brace: anything but whitespace throws here, with the file's own line and byte position
        // (the skeleton parse would report them in the skeleton, with the large values cut out).
        reader.Read();
    }

    /// <summary>Reads to the end of the container the reader is at, counting its items (properties or elements).</summary>
    /// <remarks>Fully optimised from the first call: it loops over the whole vocabulary and merge list, and at tier 0 the
    /// JIT compiled it twice (tier 0, then on-stack replacement).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountItems(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }

            reader.Skip();
            count++;
        }

        return count;
    }

    /// <summary>The file with each large value replaced by an empty container of its kind.</summary>
    private static byte[] Skeleton(ReadOnlySpan<byte> bytes, LargeJsonValue? vocab, LargeJsonValue? merges)
    {
        var (first, second) = vocab is not null && merges is not null && merges.Start < vocab.Start ? (merges, vocab) : (vocab, merges);
        var result = new byte[bytes.Length - (first is null ? 0 : first.Length - 2) - (second is null ? 0 : second.Length - 2)];
        var written = 0;
        var from = 0;
        Cut(bytes, first, result, ref written, ref from);
        Cut(bytes, second, result, ref written, ref from);
        bytes[from..].CopyTo(result.AsSpan(written));
        return result;
    }

    /// <summary>Copies the bytes up to <paramref name="value"/>, then its first and last byte (an empty container).</summary>
    private static void Cut(ReadOnlySpan<byte> bytes, LargeJsonValue? value, byte[] result, ref int written, ref int from)
    {
        if (value is null)
        {
            return;
        }

        var end = value.Start + value.Length;
        bytes[from..(value.Start + 1)].CopyTo(result.AsSpan(written));
        written += value.Start + 1 - from;
        result[written++] = bytes[end - 1];
        from = end;
    }
}
