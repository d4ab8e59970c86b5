using Sharpformers.Models;

namespace Sharpformers.Generation.Configuration;

/// <summary>The total lengths generation works with, resolved from a config and the padded prompt width as transformers does.</summary>
/// <param name="MaxLength">Total maximum length (prompt included).</param>
/// <param name="MinLength">Total minimum length (prompt included) below which eos is suppressed.</param>
public readonly record struct GenerationLengths(int MaxLength, int MinLength)
{
    /// <summary>
    /// Resolves the lengths (transformers' <c>_prepare_generated_length</c>): <c>max_new_tokens</c> wins
    /// (prompt + new); else a <c>max_length</c> still at its default 20 and not given explicitly means 20 new
    /// tokens; else <c>max_length</c> is a total. <c>min_new_tokens</c> likewise becomes prompt + min_new_tokens.
    /// Unlike transformers (which runs past the positions the model has and fails in the graph), the context
    /// <paramref name="maxPositionEmbeddings"/> is enforced up front: an explicit <c>max_new_tokens</c> that does not fit
    /// after the prompt is refused, as OpenAI-style servers refuse it; a <c>max_length</c>, or a <c>max_new_tokens</c>
    /// that is only a default (<paramref name="fitMaxNewTokensToContext"/>), is capped there, so generation stops at the
    /// model's context with the finish reason "length". Sums are computed without overflow.
    /// </summary>
    /// <param name="config">The generation config.</param>
    /// <param name="inputLength">The padded prompt width.</param>
    /// <param name="maxLengthIsExplicit">Whether <c>max_length</c> was given by the caller (transformers: a <c>generate()</c> keyword), so that 20 is a total.</param>
    /// <param name="maxPositionEmbeddings">The model's context (position limit), if known.</param>
    /// <param name="fitMaxNewTokensToContext">Lower a <c>max_new_tokens</c> that does not fit to what the context leaves, instead of throwing.</param>
    /// <returns>The lengths.</returns>
    /// <exception cref="ContextLengthExceededException">The prompt alone fills the model's context, or the prompt plus an explicit <c>max_new_tokens</c> overflows it.</exception>
    /// <exception cref="InvalidGenerationConfigException">The prompt is already as long as the maximum length, or the total does not fit an <see cref="int"/>.</exception>
    public static GenerationLengths Resolve(GenerationConfig config, int inputLength, bool maxLengthIsExplicit = false, int? maxPositionEmbeddings = null, bool fitMaxNewTokensToContext = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var context = maxPositionEmbeddings is > 0 ? maxPositionEmbeddings : null;
        if (context is { } limit && inputLength >= limit)
        {
            throw new ContextLengthExceededException(inputLength, limit);
        }

        long total;
        if (config.MaxNewTokens is { } maxNew)
        {
            total = (long)inputLength + maxNew;
            if (context is { } room && total > room && !fitMaxNewTokensToContext)
            {
                throw new ContextLengthExceededException(inputLength, room, maxNew);
            }
        }
        else if (!maxLengthIsExplicit && config.MaxLength == GenerationConfig.DefaultMaxLength)
        {
            total = (long)inputLength + GenerationConfig.DefaultMaxLength;
        }
        else
        {
            total = config.MaxLength;
        }

        if (context is { } cap && total > cap)
        {
            total = cap;
        }

        if (total > int.MaxValue)
        {
            throw new InvalidGenerationConfigException(
                "max_new_tokens",
                $"invalid generation config: the prompt ({inputLength} tokens) plus max_new_tokens ({config.MaxNewTokens}) is more than {int.MaxValue} tokens");
        }

        var maxLength = (int)total;
        var minLength = config.MinNewTokens is { } minNew ? (int)Math.Min((long)inputLength + minNew, int.MaxValue) : config.MinLength;
        if (inputLength >= maxLength)
        {
            throw new InvalidGenerationConfigException(
                config.MaxNewTokens is null ? "max_length" : "max_new_tokens",
                $"invalid generation config: the prompt is {inputLength} tokens long but max_length is {maxLength}; increase max_length or set max_new_tokens");
        }

        return new GenerationLengths(maxLength, minLength);
    }
}
