namespace Sharpformers.Testing.Models;

/// <summary>How the decoder is split into ONNX files and how its key/value cache is named (see docs/test-models.md).</summary>
public enum ExportLayout
{
    /// <summary>One <c>model.onnx</c> with <c>past_key_values.N.key/.value</c> inputs and <c>present.N.key/.value</c> outputs (Hugging Face Optimum).</summary>
    Optimum,

    /// <summary><c>decoder_model_merged.onnx</c>: both decoders under one ONNX <c>If</c> switched by a bool <c>use_cache_branch</c> input.</summary>
    Merged,

    /// <summary>The legacy pair <c>decoder_model.onnx</c> (no past) and <c>decoder_with_past_model.onnx</c>.</summary>
    Split,

    /// <summary>onnxruntime-genai's legacy GPT-2 form: int32 ids, combined <c>past_N</c>/<c>present_N</c> of shape [2, batch, kv_heads, seq, head_dim].</summary>
    Genai,
}
