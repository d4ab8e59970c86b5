namespace Sharpformers.Models;

/// <summary>Checks the local model folder argument of the <c>FromPretrained</c> methods.</summary>
internal static class ModelFolder
{
    public static string Require(string pathOrFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrFolder);
        if (!Directory.Exists(pathOrFolder))
        {
            throw new DirectoryNotFoundException(
                $"The model folder '{pathOrFolder}' does not exist. Pass a local folder holding config.json and the ONNX files " +
                "(Hugging Face Hub repository ids are resolved through Sharpformers.Hub first).");
        }

        return Path.GetFullPath(pathOrFolder);
    }
}
