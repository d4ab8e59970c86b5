using Sharpformers.Models;

namespace Sharpformers.Generation.Configuration;

/// <summary>
/// Checks a <see cref="GenerationConfig"/> before any compute: every invalid value or combination throws an
/// <see cref="ArgumentException"/> whose message names the transformers field.
/// </summary>
public static class GenerationConfigValidator
{
    /// <summary>Throws when <paramref name="config"/> holds an invalid value or combination.</summary>
    /// <param name="config">The configuration to check.</param>
    /// <exception cref="ArgumentException">A field is invalid; the message names it.</exception>
    public static void Validate(GenerationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Require(config.MaxLength >= 1, "max_length", $"must be at least 1 (got {config.MaxLength})");
        Require(config.MaxNewTokens is null or > 0, "max_new_tokens", $"must be greater than 0 (got {config.MaxNewTokens})");
        Require(config.MinLength >= 0, "min_length", $"must not be negative (got {config.MinLength})");
        Require(config.MinNewTokens is null or >= 0, "min_new_tokens", $"must not be negative (got {config.MinNewTokens})");
        Require(config.NumBeams >= 1, "num_beams", $"must be at least 1 (got {config.NumBeams})");
        Require(config.NumReturnSequences >= 1, "num_return_sequences", $"must be at least 1 (got {config.NumReturnSequences})");
        Require(config.DoSample || config.NumBeams > 1 || config.NumReturnSequences == 1, "num_return_sequences",
            $"greedy search (do_sample=false, num_beams=1) returns one sequence per prompt (got {config.NumReturnSequences}); set do_sample or num_beams");
        Require(config.NumBeams == 1 || config.NumReturnSequences <= config.NumBeams, "num_return_sequences",
            $"must not exceed num_beams ({config.NumBeams}) in beam search (got {config.NumReturnSequences})");
        Require(!(config.DoSample && config.NumBeams > 1), "do_sample", "beam sampling (do_sample=true with num_beams > 1) is not supported; use one or the other");
        Require(!config.DoSample || (config.Temperature > 0 && float.IsFinite(config.Temperature)), "temperature",
            $"must be a strictly positive number when do_sample is true (got {config.Temperature})");
        Require(config.TopK >= 0, "top_k", $"must not be negative (got {config.TopK})");
        Require(config.TopP is >= 0 and <= 1, "top_p", $"must be in [0, 1] (got {config.TopP})");
        Require(config.MinP is null or (>= 0 and <= 1), "min_p", $"must be in [0, 1] (got {config.MinP})");
        Require(config.TypicalP is > 0 and <= 1, "typical_p", $"must be in (0, 1] (got {config.TypicalP})");
        Require(config.EpsilonCutoff is >= 0 and < 1, "epsilon_cutoff", $"must be in [0, 1) (got {config.EpsilonCutoff})");
        Require(config.EtaCutoff is >= 0 and < 1, "eta_cutoff", $"must be in [0, 1) (got {config.EtaCutoff})");
        Require(config.RepetitionPenalty > 0 && float.IsFinite(config.RepetitionPenalty), "repetition_penalty",
            $"must be a strictly positive number (got {config.RepetitionPenalty})");
        Require(config.NoRepeatNgramSize >= 0, "no_repeat_ngram_size", $"must not be negative (got {config.NoRepeatNgramSize})");
        Require(float.IsFinite(config.LengthPenalty), "length_penalty", $"must be a finite number (got {config.LengthPenalty})");
        Require(Enum.IsDefined(config.EarlyStopping), "early_stopping", "must be true, false or \"never\"");
        Require(config.PadTokenId is null or >= 0, "pad_token_id", $"must not be negative (got {config.PadTokenId})");
        RequireIds(config.EosTokenId, "eos_token_id");
        RequireIds(config.SuppressTokens, "suppress_tokens");
        RequireIds(config.BeginSuppressTokens, "begin_suppress_tokens");
        RequireIds(config.ForcedEosTokenId, "forced_eos_token_id");
        Require(config.ForcedBosTokenId is null or >= 0, "forced_bos_token_id", $"must not be negative (got {config.ForcedBosTokenId})");
        if (config.BadWordsIds is { } badWords)
        {
            foreach (var word in badWords)
            {
                Require(word is { Count: > 0 }, "bad_words_ids", "must be a list of non-empty lists of token ids");
                RequireIds(word, "bad_words_ids");
            }
        }

        if (config.StopStrings is { } stops)
        {
            foreach (var stop in stops)
            {
                Require(!string.IsNullOrEmpty(stop), "stop_strings", "must not contain an empty string");
            }
        }
    }

    private static void RequireIds(IReadOnlyList<int>? ids, string field)
    {
        if (ids is null)
        {
            return;
        }

        foreach (var id in ids)
        {
            Require(id >= 0, field, $"must hold non-negative token ids (got {id})");
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new InvalidGenerationConfigException(field, $"invalid generation config: {field} {message}");
        }
    }
}
