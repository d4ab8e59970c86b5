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

    /// <summary>
    /// <paramref name="count"/> texts of kind <c>short</c> (~12 tokens), <c>256-token</c>, or <c>mixed</c> (plain English of
    /// 16 to 256 tokens, evenly spread, in shuffled order: a batch whose rows differ in length).
    /// </summary>
    public static string[] Create(string kind, int count, PretrainedTokenizer tokenizer) => kind switch
    {
        "short" => Short(count),
        "256-token" => Long(count, tokenizer, _ => 256),
        "mixed" => Long(count, tokenizer, i => 16 + (int)((long)((i * 37) % count) * 240 / Math.Max(1, count - 1))),
        _ => throw new ArgumentException($"unknown text kind '{kind}' (short, 256-token or mixed)", nameof(kind)),
    };

    private static string[] Short(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Sentences[i % Sentences.Length] + (i >= Sentences.Length ? $" ({i})" : ""))];

    /// <summary>Plain English texts of (at most, and nearly exactly) <paramref name="tokens"/>(i) tokens, special tokens included, under the model's tokenizer.</summary>
    private static string[] Long(int count, PretrainedTokenizer tokenizer, Func<int, int> tokens)
    {
        var words = string.Join(' ', Sentences).Split(' ');
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            var w = i;
            var limit = tokens(i);
            while (tokenizer.Encode(text + " " + words[w % words.Length]).Length <= limit)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(words[w++ % words.Length]);
            }

            result[i] = text.ToString();
        }

        return result;
    }
}
