using System.Text;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.FastPath;

/// <summary>
/// The ids-only fast path (<c>TryEncodeIds</c>) against the full pipeline on the same tokenizer (a differential test over the
/// parity corpus and seeded random ASCII text, at several truncation lengths), against HF tokenizers (Rust, through
/// Tokenizers.DotNet), and for the zero allocation it exists for.
/// </summary>
public sealed class IdsFastPathTests
{
    /// <summary>The WordPiece fixtures with a BERT normalizer and pre-tokenizer (labse-minimized lacks its [UNK]: refused).</summary>
    public static TheoryData<string> WordPieceFixtures() =>
        ["tokenizers/all-MiniLM-L6-v2", "tokenizers/bert-base-uncased", "tokenizers/bert-base-cased", "tokenizers/gte", "models/tiny-bert-wordpiece"];

    [Theory]
    [MemberData(nameof(WordPieceFixtures))]
    public void Fast_path_ids_equal_the_full_encode(string fixture)
    {
        var tokenizer = Load(fixture);
        Assert.True(tokenizer.HasIdsFastPath);
        var texts = Texts(tokenizer);
        var buffer = new int[4096];
        var taken = 0;
        var mismatches = new List<string>();
        foreach (var max in (int[])[2, 3, 7, 16, 256, 4096])
        {
            foreach (var text in texts)
            {
                if (!tokenizer.TryEncodeIds(text, buffer.AsSpan(0, max), out var written))
                {
                    continue;
                }

                taken++;
                var expected = tokenizer.Pipeline.Encode(text, null, true, new TruncationSettings(max), null).Ids;
                if (!expected.SequenceEqual(buffer.Take(written)))
                {
                    mismatches.Add($"max {max} {Show(text)}\n    full: [{string.Join(',', expected)}]\n    fast: [{string.Join(',', buffer.Take(written))}]");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {taken} fast encodes\n{string.Join('\n', mismatches.Take(8))}");
        Assert.True(taken > 6 * 1000, $"{fixture}: the fast path took only {taken} encodes");
    }

    [Fact]
    public void Fast_path_ids_equal_hugging_face()
    {
        // The file truncates to 256 on the right and pads to a multiple of 8 with id 0: HF's padding is removed.
        var path = Path.Combine(ParityFixtures.Folder("tokenizers/all-MiniLM-L6-v2"), "tokenizer.json");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var tokenizer = PretrainedTokenizer.FromFile(path);
        var buffer = new int[256];
        var taken = 0;
        foreach (var text in Texts(tokenizer))
        {
            if (!tokenizer.TryEncodeIds(text, buffer, out var written))
            {
                continue;
            }

            taken++;
            var expected = hf.Encode(text).Select(i => (int)i).ToList();
            while (expected.Count > 0 && expected[^1] == 0)
            {
                expected.RemoveAt(expected.Count - 1);
            }

            Assert.True(expected.SequenceEqual(buffer.Take(written)), $"{Show(text)}\n    hf:   [{string.Join(',', expected)}]\n    fast: [{string.Join(',', buffer.Take(written))}]");
        }

        Assert.True(taken > 1000, $"the fast path took only {taken} texts");
    }

    [Fact]
    public void Refuses_what_it_does_not_cover()
    {
        var tokenizer = Load("tokenizers/all-MiniLM-L6-v2");
        var buffer = new int[64];
        Assert.True(tokenizer.TryEncodeIds("The weather is lovely today.", buffer, out _));
        Assert.False(tokenizer.TryEncodeIds("Việt Nam", buffer, out _)); // not ASCII
        Assert.False(tokenizer.TryEncodeIds("a [MASK] b", buffer, out _)); // '[' starts added tokens
        Assert.False(tokenizer.TryEncodeIds("bell\a", buffer, out _)); // a control char the normalizer removes
        Assert.False(tokenizer.TryEncodeIds("hello", buffer.AsSpan(0, 1), out _)); // no room for [CLS] and [SEP]
        Assert.False(Load("tokenizers/qwen3").HasIdsFastPath);
        Assert.False(Load("tokenizers/roberta-base").HasIdsFastPath);
        Assert.False(Load("tokenizers/labse-minimized").HasIdsFastPath); // WordPiece without its [UNK] in the vocabulary
    }

    [Fact]
    public void Allocates_nothing()
    {
        var tokenizer = Load("tokenizers/all-MiniLM-L6-v2");
        var buffer = new int[256];
        var text = "The quick brown fox jumps over the lazy dog, unbelievably: it's 42 degrees!";
        Assert.True(tokenizer.TryEncodeIds(text, buffer, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            tokenizer.TryEncodeIds(text, buffer, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static PretrainedTokenizer Load(string fixture) =>
        PretrainedTokenizer.FromFile(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json"));

    /// <summary>The parity corpus and 2,000 seeded random ASCII texts: words, long words, punctuation, digits, tabs and newlines.</summary>
    private static List<string> Texts(PretrainedTokenizer tokenizer)
    {
        var texts = ParityCorpus.For(tokenizer.Pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList()).ToList();
        var random = new Random(12);
        const string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const string others = "0123456789!\"#$%&'()*+,-./:;<=>?@\\]^_`{|}~ \t\n\r";
        string[] words = ["the", "unbelievably", "tokenization", "Hugging", "Face", "running", "don't", "U.S.A.", "e-mail", "x", "naive"];
        for (var n = 0; n < 2000; n++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, n % 10 == 0 ? 3000 : 120);
            while (text.Length < length)
            {
                switch (random.Next(6))
                {
                    case 0:
                        text.Append(others[random.Next(others.Length)]);
                        break;
                    case 1:
                        text.Append(new string(letters[random.Next(letters.Length)], random.Next(1, n % 50 == 0 ? 130 : 12)));
                        break;
                    case 2:
                        for (var k = random.Next(1, 15); k > 0; k--)
                        {
                            text.Append(letters[random.Next(letters.Length)]);
                        }

                        break;
                    default:
                        text.Append(words[random.Next(words.Length)]).Append(' ');
                        break;
                }
            }

            texts.Add(text.ToString());
        }

        return texts;
    }

    private static string Show(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
