using Sharpformers.Generation.Configuration;
using Sharpformers.Models;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>Builds the processor chain of one generate call in transformers' order (<c>_get_logits_processor</c>).</summary>
internal static class LogitsProcessorFactory
{
    public static LogitsProcessorList Create(
        GenerationConfig config,
        GenerationLengths lengths,
        int promptLength,
        SpecialTokens tokens,
        IReadOnlyList<ILogitsProcessor>? custom,
        ILogitsProcessor? constraint = null)
    {
        var list = new List<ILogitsProcessor>();
        var eos = tokens.EosTokenIds;
        if (config.RepetitionPenalty != 1f)
        {
            list.Add(new RepetitionPenaltyLogitsProcessor(config.RepetitionPenalty));
        }

        if (config.NoRepeatNgramSize > 0)
        {
            list.Add(new NoRepeatNGramLogitsProcessor(config.NoRepeatNgramSize));
        }

        if (config.BadWordsIds is { Count: > 0 } badWords)
        {
            list.Add(new NoBadWordsLogitsProcessor(badWords, eos));
        }

        if (lengths.MinLength > 0 && eos.Length > 0)
        {
            list.Add(new MinLengthLogitsProcessor(lengths.MinLength, eos));
        }

        if (config.MinNewTokens is > 0 && eos.Length > 0)
        {
            list.Add(new MinNewTokensLengthLogitsProcessor(promptLength, config.MinNewTokens.Value, eos));
        }

        if (config.ForcedBosTokenId is { } forcedBos)
        {
            list.Add(new ForcedBosTokenLogitsProcessor(forcedBos));
        }

        if (config.ForcedEosTokenId is { Count: > 0 } forcedEos)
        {
            list.Add(new ForcedEosTokenLogitsProcessor(lengths.MaxLength, forcedEos));
        }

        if (config.RemoveInvalidValues)
        {
            list.Add(new InfNanRemoveLogitsProcessor());
        }

        if (config.SuppressTokens is { Count: > 0 } suppress)
        {
            list.Add(new SuppressTokensLogitsProcessor(suppress));
        }

        if (config.BeginSuppressTokens is { Count: > 0 } beginSuppress)
        {
            var beginIndex = promptLength > 1 || config.ForcedBosTokenId is null ? promptLength : promptLength + 1;
            list.Add(new SuppressTokensAtBeginLogitsProcessor(beginSuppress, beginIndex));
        }

        if (custom is not null)
        {
            list.AddRange(custom);
        }

        // The constraint masks last, so no later processor can revive a disallowed token; the warpers then only see
        // allowed tokens (top-k/top-p cannot leave a row with nothing to draw).
        if (constraint is not null)
        {
            list.Add(constraint);
        }

        if (config.DoSample)
        {
            AddWarpers(config, list);
        }

        if (config.RenormalizeLogits)
        {
            list.Add(new LogitNormalization());
        }

        return new LogitsProcessorList(list);
    }

    private static void AddWarpers(GenerationConfig config, List<ILogitsProcessor> list)
    {
        if (config.Temperature != 1f)
        {
            list.Add(new TemperatureLogitsWarper(config.Temperature));
        }

        if (config.TopK != 0)
        {
            list.Add(new TopKLogitsWarper(config.TopK));
        }

        if (config.TopP < 1f)
        {
            list.Add(new TopPLogitsWarper(config.TopP));
        }

        if (config.MinP is { } minP)
        {
            list.Add(new MinPLogitsWarper(minP));
        }

        if (config.TypicalP < 1f)
        {
            list.Add(new TypicalLogitsWarper(config.TypicalP));
        }

        if (config.EpsilonCutoff is > 0f and < 1f)
        {
            list.Add(new EpsilonLogitsWarper(config.EpsilonCutoff));
        }

        if (config.EtaCutoff is > 0f and < 1f)
        {
            list.Add(new EtaLogitsWarper(config.EtaCutoff));
        }
    }
}
