using System.Text;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>A minimal protocol-buffers writer (varints, length-delimited fields, nested messages), enough to emit ONNX models.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream stream = new();

    public byte[] ToArray() => stream.ToArray();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        stream.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        return Bytes(field, nested.ToArray());
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
