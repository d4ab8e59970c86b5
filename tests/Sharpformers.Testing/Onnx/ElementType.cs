using Sharpformers.Testing.Models;
using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Onnx;

/// <summary>ONNX element type codes (<c>TensorProto.DataType</c>) used by the builder.</summary>
internal static class ElementType
{
    /// <summary>float32.</summary>
    public const int Float = (int)TensorProto.Types.DataType.Float;

    /// <summary>float16.</summary>
    public const int Float16 = (int)TensorProto.Types.DataType.Float16;

    /// <summary>int32.</summary>
    public const int Int32 = (int)TensorProto.Types.DataType.Int32;

    /// <summary>int64.</summary>
    public const int Int64 = (int)TensorProto.Types.DataType.Int64;

    /// <summary>bool.</summary>
    public const int Bool = (int)TensorProto.Types.DataType.Bool;

    /// <summary>The element type of a precision's floating-point tensors.</summary>
    public static int Of(TensorPrecision precision) => precision == TensorPrecision.Float16 ? Float16 : Float;
}
