using System.Text.Json;

namespace Sharpformers.Tokenization;

/// <summary>Variables passed to a chat template, as transformers' <c>apply_chat_template</c> passes them.</summary>
public sealed class ChatTemplateOptions
{
    /// <summary><c>add_generation_prompt</c>: end with the header that starts an assistant turn.</summary>
    public bool AddGenerationPrompt { get; init; }

    /// <summary><c>tools</c>: JSON schemas of the callable tools; null renders as Python <c>None</c>.</summary>
    public IReadOnlyList<JsonElement>? Tools { get; init; }

    /// <summary><c>documents</c>: retrieval documents (objects, usually with title and text); null renders as <c>None</c>.</summary>
    public IReadOnlyList<JsonElement>? Documents { get; init; }

    /// <summary><c>bos_token</c>; when null the variable is undefined.</summary>
    public string? BosToken { get; init; }

    /// <summary><c>eos_token</c>; when null the variable is undefined.</summary>
    public string? EosToken { get; init; }

    /// <summary>
    /// Extra template variables (transformers' <c>**kwargs</c>), e.g. <c>enable_thinking</c>, <c>date_string</c>,
    /// other special tokens. Values may be null, strings, booleans, numbers, <see cref="JsonElement"/>,
    /// <see cref="ChatMessage"/>, dictionaries with string keys and enumerables. They override the variables above.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>
    /// The most characters the rendered prompt, and any string or list the template builds on the way, may hold
    /// (default 16 Mi). A template is outside input shipped with a model; over the budget the render stops with a
    /// <see cref="ChatTemplateException"/> of kind <c>TemplateBudgetError</c>.
    /// </summary>
    public int MaxRenderedLength { get; init; } = DefaultMaxRenderedLength;

    /// <summary>
    /// The most statements and loop iterations one render may execute (default 1 million; a chat template over a long
    /// conversation needs a few thousand). Over the budget the render stops with a <see cref="ChatTemplateException"/>.
    /// </summary>
    public long MaxEvaluationSteps { get; init; } = DefaultMaxEvaluationSteps;

    /// <summary>The default of <see cref="MaxRenderedLength"/>: 16 Mi characters.</summary>
    public const int DefaultMaxRenderedLength = Jinja.JinjaRenderOptions.DefaultMaxRenderedLength;

    /// <summary>The default of <see cref="MaxEvaluationSteps"/>: 1 million.</summary>
    public const long DefaultMaxEvaluationSteps = Jinja.JinjaRenderOptions.DefaultMaxEvaluationSteps;

    /// <summary>The clock read by <c>strftime_now</c> (local time); <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
