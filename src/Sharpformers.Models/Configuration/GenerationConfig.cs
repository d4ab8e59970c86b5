using System.Text.Json.Serialization;

namespace Sharpformers.Models;

/// <summary>
/// The parameters of text generation with the names and defaults of transformers' <c>GenerationConfig</c>
/// (<c>max_new_tokens</c> is <see cref="MaxNewTokens"/>, and so on). The JSON names are those of
/// <c>generation_config.json</c>. A <see langword="null"/> property means "not set" exactly where transformers uses <c>None</c>.
/// </summary>
public sealed partial class GenerationConfig
{
    /// <summary>The default of <see cref="MaxLength"/>.</summary>
    public const int DefaultMaxLength = 20;

    /// <summary><c>max_length</c>: total length including the prompt. Left at 20 with no <see cref="MaxNewTokens"/>, generation produces 20 new tokens.</summary>
    [JsonPropertyName("max_length")] public int MaxLength { get; set; } = DefaultMaxLength;

    /// <summary><c>max_new_tokens</c>: tokens to generate beyond the (padded) prompt; wins over <see cref="MaxLength"/>.</summary>
    [JsonPropertyName("max_new_tokens")] public int? MaxNewTokens { get; set; }

    /// <summary><c>min_length</c>: total length (prompt included) below which end-of-sequence tokens are suppressed.</summary>
    [JsonPropertyName("min_length")] public int MinLength { get; set; }

    /// <summary><c>min_new_tokens</c>: new tokens below which end-of-sequence tokens are suppressed.</summary>
    [JsonPropertyName("min_new_tokens")] public int? MinNewTokens { get; set; }

    /// <summary><c>do_sample</c>: sample from the distribution instead of taking the most likely token.</summary>
    [JsonPropertyName("do_sample")] public bool DoSample { get; set; }

    /// <summary><c>num_beams</c>: 1 for greedy or sampling, more for beam search.</summary>
    [JsonPropertyName("num_beams")] public int NumBeams { get; set; } = 1;

    /// <summary><c>num_return_sequences</c>: sequences returned per prompt.</summary>
    [JsonPropertyName("num_return_sequences")] public int NumReturnSequences { get; set; } = 1;

    /// <summary><c>temperature</c>: divides the logits when sampling.</summary>
    [JsonPropertyName("temperature")] public float Temperature { get; set; } = 1.0f;

    /// <summary><c>top_k</c>: keep only the k most likely tokens when sampling (0 disables).</summary>
    [JsonPropertyName("top_k")] public int TopK { get; set; } = 50;

    /// <summary><c>top_p</c>: nucleus sampling threshold (1 disables).</summary>
    [JsonPropertyName("top_p")] public float TopP { get; set; } = 1.0f;

    /// <summary><c>min_p</c>: keep tokens whose probability is at least this fraction of the top token's.</summary>
    [JsonPropertyName("min_p")] public float? MinP { get; set; }

    /// <summary><c>typical_p</c>: locally typical sampling mass (1 disables).</summary>
    [JsonPropertyName("typical_p")] public float TypicalP { get; set; } = 1.0f;

    /// <summary><c>epsilon_cutoff</c>: drop tokens below this probability (0 disables).</summary>
    [JsonPropertyName("epsilon_cutoff")] public float EpsilonCutoff { get; set; }

    /// <summary><c>eta_cutoff</c>: eta sampling (0 disables).</summary>
    [JsonPropertyName("eta_cutoff")] public float EtaCutoff { get; set; }

    /// <summary><c>repetition_penalty</c>: penalty on tokens already present (1 disables).</summary>
    [JsonPropertyName("repetition_penalty")] public float RepetitionPenalty { get; set; } = 1.0f;

    /// <summary><c>no_repeat_ngram_size</c>: forbid repeating n-grams of this size (0 disables).</summary>
    [JsonPropertyName("no_repeat_ngram_size")] public int NoRepeatNgramSize { get; set; }

    /// <summary><c>length_penalty</c>: exponent on the length when beam hypotheses are scored.</summary>
    [JsonPropertyName("length_penalty")] public float LengthPenalty { get; set; } = 1.0f;

    /// <summary><c>early_stopping</c>: when beam search stops.</summary>
    [JsonPropertyName("early_stopping")] public EarlyStopping EarlyStopping { get; set; } = EarlyStopping.Heuristic;

    /// <summary><c>eos_token_id</c>: one or more end-of-sequence ids.</summary>
    [JsonPropertyName("eos_token_id")]
    [JsonConverter(typeof(TokenIdListJsonConverter))]
    public IReadOnlyList<int>? EosTokenId { get; set; }

    /// <summary><c>pad_token_id</c>: the padding id (falls back to the first eos id).</summary>
    [JsonPropertyName("pad_token_id")] public int? PadTokenId { get; set; }

    /// <summary><c>bos_token_id</c>: the beginning-of-sequence id.</summary>
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; set; }

    /// <summary><c>bad_words_ids</c>: token sequences that must never be generated.</summary>
    [JsonPropertyName("bad_words_ids")] public IReadOnlyList<IReadOnlyList<int>>? BadWordsIds { get; set; }

    /// <summary><c>suppress_tokens</c>: ids never generated.</summary>
    [JsonPropertyName("suppress_tokens")] public IReadOnlyList<int>? SuppressTokens { get; set; }

    /// <summary><c>begin_suppress_tokens</c>: ids not generated at the first new position.</summary>
    [JsonPropertyName("begin_suppress_tokens")] public IReadOnlyList<int>? BeginSuppressTokens { get; set; }

    /// <summary><c>forced_bos_token_id</c>: id forced at the first new position.</summary>
    [JsonPropertyName("forced_bos_token_id")] public int? ForcedBosTokenId { get; set; }

    /// <summary><c>forced_eos_token_id</c>: id forced when the maximum length is reached.</summary>
    [JsonPropertyName("forced_eos_token_id")]
    [JsonConverter(typeof(TokenIdListJsonConverter))]
    public IReadOnlyList<int>? ForcedEosTokenId { get; set; }

    /// <summary><c>renormalize_logits</c>: log-softmax the scores after all processors.</summary>
    [JsonPropertyName("renormalize_logits")] public bool RenormalizeLogits { get; set; }

    /// <summary><c>remove_invalid_values</c>: replace NaN and infinities in the scores.</summary>
    [JsonPropertyName("remove_invalid_values")] public bool RemoveInvalidValues { get; set; }

    /// <summary><c>stop_strings</c>: stop when the generated text ends with one of these (needs a tokenizer).</summary>
    [JsonPropertyName("stop_strings")] public IReadOnlyList<string>? StopStrings { get; set; }

    /// <summary><c>use_cache</c>: reuse past keys and values between steps.</summary>
    [JsonPropertyName("use_cache")] public bool UseCache { get; set; } = true;

    /// <summary><c>output_scores</c>: return the processed scores of each step.</summary>
    [JsonPropertyName("output_scores")] public bool OutputScores { get; set; }

    /// <summary>Seed of the random source used when sampling; the same seed gives the same tokens. <see langword="null"/> draws a random seed.</summary>
    [JsonPropertyName("seed")] public int? Seed { get; set; }

    /// <summary>Returns a shallow copy that can be changed without touching this instance.</summary>
    /// <returns>The copy.</returns>
    public GenerationConfig Clone() => (GenerationConfig)MemberwiseClone();
}
