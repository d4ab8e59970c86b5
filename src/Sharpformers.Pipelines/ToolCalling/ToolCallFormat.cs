namespace Sharpformers.Pipelines;

/// <summary>How a model writes tool calls in its reply (read from its chat template by <see cref="ToolCallFormats.Detect"/>).</summary>
public enum ToolCallFormat
{
    /// <summary>A JSON object <c>{"name": ..., "arguments": {...}}</c> (or a list of them) as the whole reply: the fallback.</summary>
    Json,

    /// <summary>Hermes, Qwen2.5, Qwen3: <c>&lt;tool_call&gt;{"name": ..., "arguments": {...}}&lt;/tool_call&gt;</c>, one block per call.</summary>
    Hermes,

    /// <summary>Llama 3.1/3.2/3.3: <c>{"name": ..., "parameters": {...}}</c>, optionally after <c>&lt;|python_tag|&gt;</c>, calls separated by <c>;</c>.</summary>
    Llama,

    /// <summary>Mistral: <c>[TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]</c>.</summary>
    Mistral,
}
