using System.Text;
using Sharpformers.Tokenization;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>The texts the embedding benchmarks embed: short English sentences, or plain-English texts of exactly 256 tokens.</summary>
internal static class EmbeddingTexts
{
    private static readonly string[] Sentences =
    [
        "The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.", "A man is playing a guitar.",
        "The new movie is awesome and the cast is great.", "Where can I buy fresh bread near the station?",
        "Cats sleep for most of the day.", "The meeting was moved to Thursday afternoon.",
    ];

    /// <summary><paramref name="count"/> texts of kind <c>short</c> (~12 tokens) or <c>256-token</c>.</summary>
    public static string[] Create(string kind, int count, PretrainedTokenizer tokenizer) => kind switch
    {
        "short" => Short(count),
        "256-token" => Long(count, tokenizer),
        _ => throw new ArgumentException($"unknown text kind '{kind}' (short or 256-token)", nameof(kind)),
    };

    private static string[] Short(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Sentences[i % Sentences.Length] + (i >= Sentences.Length ? $" ({i})" : ""))];

    /// <summary>Plain English texts of exactly 256 tokens (special tokens included) under the model's tokenizer.</summary>
    private static string[] Long(int count, PretrainedTokenizer tokenizer)
    {
        var words = string.Join(' ', Sentences).Split(' ');
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            var w = i;
            while (tokenizer.Encode(text + " " + words[w % words.Length]).Length <= 256)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(words[w++ % words.Length]);
            }

            result[i] = text.ToString();
        }

        return result;
    }
}
