using System.Globalization;

namespace Sharpformers.Pipelines;

/// <summary>Reads transformers-style keyword arguments (<c>max_new_tokens</c>, <c>top_p</c>, ...) into <see cref="TextGenerationParameters"/>.</summary>
public static class KeywordArguments
{
    private static readonly string[] Known =
    [
        "max_new_tokens", "min_new_tokens", "do_sample", "temperature", "top_k", "top_p", "min_p", "repetition_penalty",
        "no_repeat_ngram_size", "num_beams", "num_return_sequences", "length_penalty", "stop_strings", "seed", "return_full_text",
    ];

    /// <summary>The keyword names understood by <see cref="ToTextGenerationParameters"/>.</summary>
    public static IReadOnlyList<string> TextGenerationNames => Known;

    /// <summary>Converts a dictionary of transformers keyword arguments into typed parameters.</summary>
    /// <param name="kwargs">Names as in transformers; values as numbers, booleans, strings or lists of strings.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">An unknown name, or a value of the wrong type, naming the argument.</exception>
    public static TextGenerationParameters ToTextGenerationParameters(IReadOnlyDictionary<string, object?>? kwargs)
    {
        var p = new TextGenerationParameters();
        if (kwargs is null)
        {
            return p;
        }

        foreach (var (name, value) in kwargs)
        {
            p = name switch
            {
                "max_new_tokens" => p with { MaxNewTokens = KeywordValues.Int(name, value) },
                "min_new_tokens" => p with { MinNewTokens = KeywordValues.Int(name, value) },
                "do_sample" => p with { DoSample = KeywordValues.Bool(name, value) },
                "temperature" => p with { Temperature = KeywordValues.Float(name, value) },
                "top_k" => p with { TopK = KeywordValues.Int(name, value) },
                "top_p" => p with { TopP = KeywordValues.Float(name, value) },
                "min_p" => p with { MinP = KeywordValues.Float(name, value) },
                "repetition_penalty" => p with { RepetitionPenalty = KeywordValues.Float(name, value) },
                "no_repeat_ngram_size" => p with { NoRepeatNgramSize = KeywordValues.Int(name, value) },
                "num_beams" => p with { NumBeams = KeywordValues.Int(name, value) },
                "num_return_sequences" => p with { NumReturnSequences = KeywordValues.Int(name, value) },
                "length_penalty" => p with { LengthPenalty = KeywordValues.Float(name, value) },
                "stop_strings" => p with { StopStrings = KeywordValues.Strings(name, value) },
                "seed" => p with { Seed = KeywordValues.Int(name, value) },
                "return_full_text" => p with { ReturnFullText = KeywordValues.Bool(name, value) },
                _ => throw new ArgumentException(
                    $"unknown text-generation argument '{name}'; supported: {string.Join(", ", Known)}", nameof(kwargs)),
            };
        }

        return p;
    }
}
