using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Stopping;
using Sharpformers.Generation.Streaming;

namespace Sharpformers.Generation;

/// <summary>What a generate call takes besides the <see cref="Models.GenerationConfig"/>: masks, extra processors and criteria, a tokenizer.</summary>
public sealed class GenerationOptions
{
    /// <summary>Attention mask of a batch, row for row like the input ids (1 = token, 0 = padding); <see langword="null"/> attends every given token.</summary>
    public IReadOnlyList<IReadOnlyList<long>>? AttentionMask { get; init; }

    /// <summary>Processors run after the built-in ones and before the sampling warpers, as transformers' <c>logits_processor</c>.</summary>
    public IReadOnlyList<ILogitsProcessor>? LogitsProcessors { get; init; }

    /// <summary>Criteria checked after the built-in ones (any of them stops a row), as transformers' <c>stopping_criteria</c>.</summary>
    public IReadOnlyList<IStoppingCriteria>? StoppingCriteria { get; init; }

    /// <summary>
    /// What the generated text must be (JSON matching a schema, a regular expression, a choice...): disallowed tokens get
    /// −∞ after every other processor and before the sampling warpers, with greedy, sampling and beam search; an
    /// end-of-sequence token is allowed exactly when the text is complete. Needs <see cref="Tokenizer"/> to implement
    /// <see cref="ITokenVocabulary"/> (<c>PretrainedTokenizer.AsGenerationTokenizer()</c> does).
    /// </summary>
    public TokenConstraint? Constraint { get; init; }

    /// <summary>The tokenizer, needed for <c>stop_strings</c>, <see cref="Constraint"/> and for text when streaming.</summary>
    public IGenerationTokenizer? Tokenizer { get; init; }

    /// <summary>
    /// Whether <c>max_length</c> was chosen by the caller (transformers: passed to <c>generate()</c> as a keyword), so that
    /// a value of 20 is a total length; otherwise a <c>max_length</c> still at its default 20 means 20 new tokens.
    /// </summary>
    public bool MaxLengthIsExplicit { get; init; }

    /// <summary>
    /// Whether <c>max_new_tokens</c> is only an upper bound the caller did not choose (a default): when the prompt plus
    /// it overflow the model's context, generation stops at the context with the finish reason "length". Otherwise
    /// (the default) such an explicit <c>max_new_tokens</c> throws <see cref="Configuration.ContextLengthExceededException"/>
    /// before the graph runs.
    /// </summary>
    public bool FitMaxNewTokensToContext { get; init; }

    /// <summary>Whether the streamed text leaves out special tokens (default <see langword="true"/>).</summary>
    public bool SkipSpecialTokens { get; init; } = true;
}
