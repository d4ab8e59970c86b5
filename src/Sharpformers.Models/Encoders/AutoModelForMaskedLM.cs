namespace Sharpformers.Models;

/// <summary>
/// Loads an encoder with a masked-language-modelling head (<c>logits [batch, sequence, vocabulary]</c>), as transformers' <c>AutoModelForMaskedLM.from_pretrained</c>: a local folder or Hub repo id, the ONNX file of the
/// chosen dtype (<c>onnx/model{_fp16,_quantized,_q4,...}.onnx</c>), its inputs and outputs read from the graph.
/// </summary>
public static class AutoModelForMaskedLM
{
    /// <summary>Loads the model in <paramref name="pathOrFolder"/>.</summary>
    /// <param name="pathOrFolder">A local model folder (config.json and the ONNX file), or a Hub repo id (<c>org/name</c>; only the chosen variant is downloaded).</param>
    /// <param name="options">Variant, Hub and ONNX Runtime settings; <see langword="null"/> for the defaults.</param>
    /// <returns>The model, which the caller disposes.</returns>
    /// <exception cref="FileNotFoundException">No config.json or no ONNX file of the variant; the message lists what was found.</exception>
    /// <exception cref="InvalidDataException">The graph has no such head, or inputs an encoder cannot feed; the message names its outputs.</exception>
    public static EncoderModel FromPretrained(string pathOrFolder, ModelOptions? options = null) =>
        EncoderLoader.FromPretrained(pathOrFolder, options, EncoderHead.MaskedLM);

    /// <summary>Loads the model without blocking the caller, downloading it first when it is a repo id.</summary>
    /// <param name="pathOrFolder">A local model folder or a Hub repo id.</param>
    /// <param name="options">Variant, Hub and ONNX Runtime settings.</param>
    /// <param name="cancellationToken">Cancels the download, and the load before the session is created.</param>
    /// <returns>The model.</returns>
    public static Task<EncoderModel> FromPretrainedAsync(string pathOrFolder, ModelOptions? options = null, CancellationToken cancellationToken = default) =>
        EncoderLoader.FromPretrainedAsync(pathOrFolder, options, EncoderHead.MaskedLM, cancellationToken);
}
