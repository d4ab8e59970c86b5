using System.Text.Json.Serialization;

namespace Sharpformers.Pipelines;

/// <summary>One label and its score, as transformers' <c>{"label": ..., "score": ...}</c>.</summary>
/// <param name="Label">The label name (<c>id2label</c>).</param>
/// <param name="Score">Its score after <see cref="ClassificationFunction"/>.</param>
public sealed record LabelScore(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("score")] float Score);

/// <summary>A text, or a text pair (transformers' <c>{"text": ..., "text_pair": ...}</c>), to classify.</summary>
/// <param name="Text">The text.</param>
/// <param name="TextPair">The second text of a pair, or <see langword="null"/>.</param>
public sealed record TextClassificationInput(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("text_pair")] string? TextPair = null)
{
    /// <summary>A single text.</summary>
    /// <param name="text">The text.</param>
    public static implicit operator TextClassificationInput(string text) => new(text);
}

/// <summary>Options of <see cref="TextClassificationPipeline"/>, named after transformers' arguments.</summary>
public sealed record TextClassificationOptions
{
    /// <summary>How many labels to return, best first (<c>top_k</c>, default 1); <see langword="null"/> returns all.</summary>
    public int? TopK { get; init; } = 1;

    /// <summary>The score function (<c>function_to_apply</c>); <see langword="null"/> picks it as transformers does from <c>problem_type</c> and the label count.</summary>
    public ClassificationFunction? FunctionToApply { get; init; }

    /// <summary>Inputs per model run (default 32).</summary>
    public int BatchSize { get; init; } = 32;
}
