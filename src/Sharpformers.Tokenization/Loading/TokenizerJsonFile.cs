using System.Buffers;
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
        Vocab = vocab;
        Merges = merges;
    }

    /// <summary>The file without its large values.</summary>
    public JsonElement Root => skeleton.RootElement;

    /// <summary><c>model.vocab</c> when it is an object or an array.</summary>
    public LargeJsonValue? Vocab { get; }

    /// <summary><c>model.merges</c> when it is an object or an array.</summary>
    public LargeJsonValue? Merges { get; }

    /// <exception cref="JsonException">the file is not valid JSON.</exception>
    public static TokenizerJsonFile Read(string path)
    {
        var buffer = ReadPooled(path, out var length);
        try
        {
            var bytes = buffer.AsSpan(0, length);
            var (vocab, merges) = FindLargeValues(bytes);
            var skeleton = JsonDocument.Parse(Skeleton(bytes, vocab, merges), new JsonDocumentOptions { MaxDepth = 256 });
            return new TokenizerJsonFile(
                buffer,
                skeleton,
                vocab is var (vs, ve, vc) ? new LargeJsonValue(buffer.AsMemory(vs, ve - vs), vc) : null,
                merges is var (ms, me, mc) ? new LargeJsonValue(buffer.AsMemory(ms, me - ms), mc) : null);
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

    private static byte[] ReadPooled(string path, out int length)
    {
        using var handle = File.OpenHandle(path);
        var size = RandomAccess.GetLength(handle);
        if (size > Array.MaxLength)
        {
            throw new IOException($"{path} is too large to read ({size} bytes)");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        length = 0;
        int read;
        while (length < size && (read = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length)) > 0)
        {
            length += read;
        }

        return buffer;
    }

    /// <summary>The byte ranges (start, end) and item counts of <c>model.vocab</c> and <c>model.merges</c>, when they are containers.</summary>
    private static ((int, int, int)? Vocab, (int, int, int)? Merges) FindLargeValues(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        (int, int, int)? vocab = null, merges = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, null);
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
                        var range = (start, (int)reader.BytesConsumed, count);
                        if (isVocab)
                        {
                            vocab = range;
                        }
                        else
                        {
                            merges = range;
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

        return (vocab, merges);
    }

    /// <summary>Reads to the end of the container the reader is at, counting its items (properties or elements).</summary>
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
    private static byte[] Skeleton(ReadOnlySpan<byte> bytes, (int Start, int End, int)? vocab, (int Start, int End, int)? merges)
    {
        if (vocab is { } v && merges is { } m && m.Start < v.Start)
        {
            (vocab, merges) = (merges, vocab);
        }

        var removed = (vocab is { } a ? a.End - a.Start - 2 : 0) + (merges is { } b ? b.End - b.Start - 2 : 0);
        var result = new byte[bytes.Length - removed];
        var written = 0;
        var from = 0;
        foreach (var range in (ReadOnlySpan<(int Start, int End, int)?>)[vocab, merges])
        {
            if (range is { } r)
            {
                bytes[from..(r.Start + 1)].CopyTo(result.AsSpan(written));
                written += r.Start + 1 - from;
                result[written++] = bytes[r.End - 1];
                from = r.End;
            }
        }

        bytes[from..].CopyTo(result.AsSpan(written));
        return result;
    }
}
