using System.Text.Json.Serialization;

namespace Sharpformers.Pipelines;

/// <summary>One answer, as transformers' <c>{score, start, end, answer}</c>; <see cref="Start"/>/<see cref="End"/> are UTF-16 offsets into the context.</summary>
/// <param name="Score">The span's probability (start × end, softmax within its window).</param>
/// <param name="Start">Where the answer starts in the context.</param>
/// <param name="End">Where it ends (exclusive).</param>
/// <param name="Answer">The context's text between them (empty for the "no answer" of <c>handle_impossible_answer</c>).</param>
public sealed record QuestionAnsweringResult(
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("answer")] string Answer);

/// <summary>Options of <see cref="QuestionAnsweringPipeline"/>, named after transformers' arguments.</summary>
public sealed record QuestionAnsweringOptions
{
    /// <summary>Answers to return, best first (<c>top_k</c>, default 1).</summary>
    public int TopK { get; init; } = 1;

    /// <summary>Overlap in tokens between context windows (<c>doc_stride</c>); <see langword="null"/>: min(max_seq_len / 2, 128).</summary>
    public int? DocStride { get; init; }

    /// <summary>The longest answer in tokens (<c>max_answer_len</c>, default 15).</summary>
    public int MaxAnswerLength { get; init; } = 15;

    /// <summary>Tokens per window, question included (<c>max_seq_len</c>); <see langword="null"/>: min(model maximum, 384).</summary>
    public int? MaxSequenceLength { get; init; }

    /// <summary>Also offer the empty "no answer" scored by the [CLS] position (<c>handle_impossible_answer</c>).</summary>
    public bool HandleImpossibleAnswer { get; init; }

    /// <summary>Widen answers to whole words (<c>align_to_words</c>, default true).</summary>
    public bool AlignToWords { get; init; } = true;
}
