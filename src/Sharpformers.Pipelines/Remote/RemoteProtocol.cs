namespace Sharpformers.Pipelines;

/// <summary>The HTTP protocol a remote text-generation server speaks. Chat input always uses the OpenAI-compatible chat-completions route.</summary>
public enum RemoteProtocol
{
    /// <summary>
    /// Chosen from the endpoint URL: a path ending in <c>/v1</c> is an OpenAI-compatible base (HF router, vLLM, TGI's
    /// Messages API); a path holding <c>/models/</c> is a Hugging Face inference URL (task protocol); anything else is a
    /// Text Generation Inference server (<c>/generate</c>).
    /// </summary>
    Auto,

    /// <summary>OpenAI-compatible <c>/chat/completions</c> and, for plain text, <c>/completions</c> under a <c>/v1</c> base URL.</summary>
    OpenAiCompatible,

    /// <summary>The Hugging Face text-generation task protocol: <c>{"inputs", "parameters"}</c> posted to the URL itself, answered with <c>[{"generated_text"}]</c>.</summary>
    HfTextGeneration,

    /// <summary>Text Generation Inference: <c>/generate</c> and <c>/generate_stream</c> under the server URL.</summary>
    Tgi,
}
