using Google.Protobuf;
using Sharpformers.Testing.Onnx.Proto;
using Kind = Sharpformers.Testing.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Sharpformers.Testing.Onnx;

/// <summary>Typed ONNX node attributes.</summary>
internal static class Attributes
{
    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = Kind.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = Kind.Float, F = value };

    /// <summary>An ints attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = Kind.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>A tensor attribute.</summary>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = Kind.Tensor, T = value };

    /// <summary>A graph attribute (a subgraph such as an <c>If</c> branch).</summary>
    public static AttributeProto Graph(string name, GraphProto value) => new() { Name = name, Type = Kind.Graph, G = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) => new() { Name = name, Type = Kind.String, S = ByteString.CopyFromUtf8(value) };
}
