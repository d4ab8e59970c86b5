using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>Opens ONNX Runtime sessions, turning load failures into errors that name the file.</summary>
internal static class OnnxSessions
{
    public static InferenceSession Open(string file, SessionOptions options)
    {
        try
        {
            return new InferenceSession(file, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime could not load '{file}': {e.Message}", e);
        }
    }
}
