using Sharpformers.Testing.Onnx.Proto;

namespace Sharpformers.Testing.Layouts;

/// <summary>One ONNX file of a model folder.</summary>
/// <param name="FileName">The file name inside the folder.</param>
/// <param name="Model">The model to serialise.</param>
internal sealed record OnnxFile(string FileName, ModelProto Model);
