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
    /// tokens, clipped to <paramref name="maxPositionEmbeddings"/>; else <c>max_length</c> is a total.
    /// <c>min_new_tokens</c> likewise becomes prompt + min_new_tokens.
    /// </summary>
    /// <param name="config">The generation config.</param>
    /// <param name="inputLength">The padded prompt width.</param>
    /// <param name="maxLengthIsExplicit">Whether <c>max_length</c> was given by the caller (transformers: a <c>generate()</c> keyword), so that 20 is a total.</param>
    /// <param name="maxPositionEmbeddings">The model's position limit, if known.</param>
    /// <returns>The lengths.</returns>
    /// <exception cref="ArgumentException">The prompt is already as long as the maximum length.</exception>
    public static GenerationLengths Resolve(GenerationConfig config, int inputLength, bool maxLengthIsExplicit = false, int? maxPositionEmbeddings = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        int maxLength;
        if (config.MaxNewTokens is { } maxNew)
        {
            maxLength = inputLength + maxNew;
        }
        else if (!maxLengthIsExplicit && config.MaxLength == GenerationConfig.DefaultMaxLength)
        {
            maxLength = inputLength + GenerationConfig.DefaultMaxLength;
            if (maxPositionEmbeddings is { } limit && limit > 0)
            {
                maxLength = Math.Min(maxLength, limit);
            }
        }
        else
        {
            maxLength = config.MaxLength;
        }

        var minLength = config.MinNewTokens is { } minNew ? inputLength + minNew : config.MinLength;
        if (inputLength >= maxLength)
        {
            throw new InvalidGenerationConfigException(
                config.MaxNewTokens is null ? "max_length" : "max_new_tokens",
                $"invalid generation config: the prompt is {inputLength} tokens long but max_length is {maxLength}; increase max_length or set max_new_tokens");
        }

        return new GenerationLengths(maxLength, minLength);
    }
}
