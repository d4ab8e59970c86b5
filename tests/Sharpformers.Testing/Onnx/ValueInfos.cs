using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Onnx;

/// <summary>Typed graph inputs and outputs; a dimension is a fixed size (<see cref="long"/>) or a symbolic name (<see cref="string"/>).</summary>
internal static class ValueInfos
{
    /// <summary>A tensor value info; <paramref name="dims"/> <see langword="null"/> leaves the shape unknown.</summary>
    public static ValueInfoProto Tensor(string name, int elementType, params object[]? dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = elementType };
        if (dims is not null)
        {
            var shape = new TensorShapeProto();
            foreach (var dim in dims)
            {
                shape.Dim.Add(dim switch
                {
                    string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                    int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                    long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                    _ => throw new ArgumentException($"dimension must be a string or an integer, got {dim?.GetType().Name ?? "null"}", nameof(dims)),
                });
            }

            tensorType.Shape = shape;
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
