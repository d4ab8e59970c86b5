using System.Text.Json.Serialization;

namespace Sharpformers.Pipelines;

/// <summary>transformers' <c>aggregation_strategy</c>: how token predictions are fused into words and entities.</summary>
public enum AggregationStrategy
{
    /// <summary>Every token on its own (<c>"none"</c>, the default): results carry <c>entity</c> and <c>index</c>.</summary>
    None,

    /// <summary>Tokens grouped into entities by their B-/I- tags (<c>"simple"</c>).</summary>
    Simple,

    /// <summary>Words take the label of their first token, then entities are grouped (<c>"first"</c>).</summary>
    First,

    /// <summary>Words take the label of their tokens' averaged scores (<c>"average"</c>).</summary>
    Average,

    /// <summary>Words take the label of their highest-scoring token (<c>"max"</c>).</summary>
    Max,
}

/// <summary>
/// One token or entity, as transformers returns them: <c>{entity, score, index, word, start, end}</c> without aggregation,
/// <c>{entity_group, score, word, start, end}</c> with it. <see cref="Start"/> and <see cref="End"/> are UTF-16 offsets into the input
/// string (Python's are code points; they differ only after characters outside the BMP).
/// </summary>
public sealed record TokenClassificationEntity
{
    /// <summary>The token's label (no aggregation), else <see langword="null"/>.</summary>
    [JsonPropertyName("entity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Entity { get; init; }

    /// <summary>The entity's type without its B-/I- prefix (aggregation), else <see langword="null"/>.</summary>
    [JsonPropertyName("entity_group")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EntityGroup { get; init; }

    /// <summary>The score.</summary>
    [JsonPropertyName("score")]
    public float Score { get; init; }

    /// <summary>The token's position in the encoded input (no aggregation), else <see langword="null"/>.</summary>
    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; init; }

    /// <summary>The token (no aggregation) or the words' text as the tokenizer rebuilds it.</summary>
    [JsonPropertyName("word")]
    public required string Word { get; init; }

    /// <summary>Where it starts in the input.</summary>
    [JsonPropertyName("start")]
    public int Start { get; init; }

    /// <summary>Where it ends in the input (exclusive).</summary>
    [JsonPropertyName("end")]
    public int End { get; init; }
}

/// <summary>Options of <see cref="TokenClassificationPipeline"/>, named after transformers' arguments.</summary>
public sealed record TokenClassificationOptions
{
    /// <summary>The aggregation (<c>aggregation_strategy</c>, default none).</summary>
    public AggregationStrategy AggregationStrategy { get; init; }

    /// <summary>Labels left out of the results (<c>ignore_labels</c>, default <c>["O"]</c>).</summary>
    public IReadOnlyList<string> IgnoreLabels { get; init; } = ["O"];
}
