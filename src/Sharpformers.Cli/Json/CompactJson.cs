using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sharpformers.Cli.Json;

/// <summary>One-line JSON written with <see cref="Utf8JsonWriter"/> (no reflection), for the tool's stdout lines.</summary>
internal static class CompactJson
{
    private static readonly JsonWriterOptions Default = new();
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What <paramref name="write"/> writes, as one compact line; <paramref name="relaxed"/> leaves non-ASCII text unescaped.</summary>
    public static string Write(Action<Utf8JsonWriter> write, bool relaxed = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, relaxed ? Relaxed : Default))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <c>"name":[...]</c> with the strings of <paramref name="values"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
