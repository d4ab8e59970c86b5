using System.Text.Json;
using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>
/// Per-call parameters of a text-generation pipeline, named after the keyword arguments of transformers'
/// <c>pipeline("text-generation")</c> (<c>max_new_tokens</c> is <see cref="MaxNewTokens"/>, and so on). A
/// <see langword="null"/> property keeps the model's own default from <c>generation_config.json</c>.
/// </summary>
public sealed record TextGenerationParameters
{
    /// <summary><c>max_new_tokens</c>: the most tokens to generate.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>
    /// Treat <see cref="MaxNewTokens"/> as an upper bound: when the prompt plus it overflow the model's context, generate
    /// up to the context (finish reason "length") instead of throwing
    /// <see cref="Generation.Configuration.ContextLengthExceededException"/> before generating. Always so when
    /// <see cref="MaxNewTokens"/> is <see langword="null"/> (the model's default is no request of the caller's).
    /// </summary>
    public bool FitMaxNewTokensToContext { get; init; }

    /// <summary><c>min_new_tokens</c>: the fewest tokens to generate before an end-of-sequence token may end the text.</summary>
    public int? MinNewTokens { get; init; }

    /// <summary><c>do_sample</c>: sample instead of greedy decoding. Setting <see cref="Temperature"/>, <see cref="TopP"/> or <see cref="TopK"/> does not turn it on by itself, as in transformers.</summary>
    public bool? DoSample { get; init; }

    /// <summary><c>temperature</c>.</summary>
    public float? Temperature { get; init; }

    /// <summary><c>top_k</c>.</summary>
    public int? TopK { get; init; }

    /// <summary><c>top_p</c>.</summary>
    public float? TopP { get; init; }

    /// <summary><c>min_p</c>.</summary>
    public float? MinP { get; init; }

    /// <summary><c>repetition_penalty</c>.</summary>
    public float? RepetitionPenalty { get; init; }

    /// <summary><c>no_repeat_ngram_size</c>.</summary>
    public int? NoRepeatNgramSize { get; init; }

    /// <summary><c>num_beams</c>.</summary>
    public int? NumBeams { get; init; }

    /// <summary><c>num_return_sequences</c>: texts returned per prompt.</summary>
    public int? NumReturnSequences { get; init; }

    /// <summary><c>length_penalty</c> (beam search).</summary>
    public float? LengthPenalty { get; init; }

    /// <summary><c>stop_strings</c>: generation stops once the text ends with one of these; the stop string is kept, as transformers does.</summary>
    public IReadOnlyList<string>? StopStrings { get; init; }

    /// <summary><c>seed</c>: the same seed gives the same sampled text.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Keep a matched stop string at the end of the text (<see langword="true"/>, as transformers does); chat APIs such as
    /// OpenAI's remove it (<see langword="false"/>). Streams then hold back text that could still become a stop string.
    /// </summary>
    public bool IncludeStopStrings { get; init; } = true;

    /// <summary><c>return_full_text</c>: prepend the prompt to the generated text (default <see langword="true"/>; ignored for chat input).</summary>
    public bool ReturnFullText { get; init; } = true;

    /// <summary>
    /// <c>tools</c> for chat input: JSON schemas as transformers passes them to the chat template
    /// (<c>{"type": "function", "function": {"name", "description", "parameters"}}</c>). The model's chat template must read
    /// <c>tools</c>, otherwise the call fails with a <see cref="Tokenization.ChatTemplateException"/> rather than hiding them.
    /// </summary>
    public IReadOnlyList<JsonElement>? Tools { get; init; }

    /// <summary>
    /// What the generated text must be (JSON matching a schema, a regular expression, a choice...; see
    /// <see cref="Generation.Constraints.TokenConstraint"/>): decoding masks every token that would leave it, and ends when
    /// the text is complete. Local models only.
    /// </summary>
    public Generation.Constraints.TokenConstraint? Constraint { get; init; }

    /// <summary>Applies the non-null parameters over a copy of <paramref name="modelDefaults"/>.</summary>
    /// <param name="modelDefaults">The model's generation configuration.</param>
    /// <returns>The configuration to generate with.</returns>
    public GenerationConfig ApplyTo(GenerationConfig modelDefaults)
    {
        ArgumentNullException.ThrowIfNull(modelDefaults);
        var config = modelDefaults.Clone();
        if (MaxNewTokens is { } maxNew) config.MaxNewTokens = maxNew;
        if (MinNewTokens is { } minNew) config.MinNewTokens = minNew;
        if (DoSample is { } doSample) config.DoSample = doSample;
        if (Temperature is { } temperature) config.Temperature = temperature;
        if (TopK is { } topK) config.TopK = topK;
        if (TopP is { } topP) config.TopP = topP;
        if (MinP is { } minP) config.MinP = minP;
        if (RepetitionPenalty is { } repetition) config.RepetitionPenalty = repetition;
        if (NoRepeatNgramSize is { } ngram) config.NoRepeatNgramSize = ngram;
        if (NumBeams is { } beams) config.NumBeams = beams;
        if (NumReturnSequences is { } count) config.NumReturnSequences = count;
        if (LengthPenalty is { } lengthPenalty) config.LengthPenalty = lengthPenalty;
        if (StopStrings is { Count: > 0 } stops) config.StopStrings = stops;
        if (Seed is { } seed) config.Seed = seed;
        return config;
    }
}
