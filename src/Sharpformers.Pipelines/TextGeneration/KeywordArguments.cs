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
                "max_new_tokens" => p with { MaxNewTokens = Int(name, value) },
                "min_new_tokens" => p with { MinNewTokens = Int(name, value) },
                "do_sample" => p with { DoSample = Bool(name, value) },
                "temperature" => p with { Temperature = Float(name, value) },
                "top_k" => p with { TopK = Int(name, value) },
                "top_p" => p with { TopP = Float(name, value) },
                "min_p" => p with { MinP = Float(name, value) },
                "repetition_penalty" => p with { RepetitionPenalty = Float(name, value) },
                "no_repeat_ngram_size" => p with { NoRepeatNgramSize = Int(name, value) },
                "num_beams" => p with { NumBeams = Int(name, value) },
                "num_return_sequences" => p with { NumReturnSequences = Int(name, value) },
                "length_penalty" => p with { LengthPenalty = Float(name, value) },
                "stop_strings" => p with { StopStrings = Strings(name, value) },
                "seed" => p with { Seed = Int(name, value) },
                "return_full_text" => p with { ReturnFullText = Bool(name, value) },
                _ => throw new ArgumentException(
                    $"unknown text-generation argument '{name}'; supported: {string.Join(", ", Known)}", nameof(kwargs)),
            };
        }

        return p;
    }

    private static int Int(string name, object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be an integer, got {Describe(value)}", name),
    };

    private static float Float(string name, object? value) => value switch
    {
        float f => f,
        double d => (float)d,
        int i => i,
        long l => l,
        decimal m => (float)m,
        string s when float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be a number, got {Describe(value)}", name),
    };

    private static bool Bool(string name, object? value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var parsed) => parsed,
        _ => throw new ArgumentException($"argument '{name}' must be true or false, got {Describe(value)}", name),
    };

    private static IReadOnlyList<string> Strings(string name, object? value) => value switch
    {
        string s => [s],
        IEnumerable<string> list => [.. list],
        _ => throw new ArgumentException($"argument '{name}' must be a string or a list of strings, got {Describe(value)}", name),
    };

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} '{value}'";
}
