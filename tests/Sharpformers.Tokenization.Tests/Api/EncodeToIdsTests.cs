using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The public ids-only encode (<see cref="PretrainedTokenizer.EncodeToIds"/>): differential against the full
/// <see cref="PretrainedTokenizer.Encode(string, bool)"/> on every fixture tokenizer, with and without special tokens, and
/// against HF tokenizers (Rust, through Tokenizers.DotNet) on the tokenizers.
/// </summary>
public sealed class EncodeToIdsTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.All), MemberType = typeof(ParityFixtures))]
    public void Ids_equal_the_full_encode(string fixture)
    {
        var tokenizer = Load(fixture);
        var corpus = ParityCorpus.For(tokenizer.Pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), combinations: 400);
        var mismatches = new List<string>();
        var compared = 0;
        var refused = 0;
        foreach (var addSpecialTokens in (bool[])[true, false])
        {
            foreach (var text in corpus)
            {
                int[] expected;
                try
                {
                    expected = [.. tokenizer.Encode(text, addSpecialTokens).Ids];
                }
                catch (InvalidOperationException)
                {
                    // A text the model refuses (WordPiece without its unknown token): the ids-only encode refuses it too.
                    Assert.Throws<InvalidOperationException>(() => tokenizer.EncodeToIds(text, addSpecialTokens));
                    refused++;
                    continue;
                }

                var actual = tokenizer.EncodeToIds(text, addSpecialTokens);
                compared++;
                if (!expected.AsSpan().SequenceEqual(actual))
                {
                    mismatches.Add($"special {addSpecialTokens} {Show(text)}\n    Encode:      [{string.Join(',', expected)}]\n    EncodeToIds: [{string.Join(',', actual)}]");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {compared} encodes\n{string.Join('\n', mismatches.Take(8))}");
        Assert.True(compared + refused > 500 && compared > 20, $"{fixture}: only {compared} encodes compared ({refused} refused by both)");
    }

    [Theory]
    [InlineData("tokenizers/qwen3")]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/llama-2")]
    [InlineData("tokenizers/bert-base-uncased")]
    [InlineData("tokenizers/roberta-base")]
    public void Ids_equal_hugging_face(string fixture)
    {
        var path = Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var tokenizer = PretrainedTokenizer.FromFile(path);
        Assert.Null(tokenizer.Pipeline.FileTruncation);
        Assert.Null(tokenizer.Pipeline.FilePadding);
        var corpus = ParityCorpus.For(tokenizer.Pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), combinations: 400);
        var mismatches = new List<string>();
        foreach (var text in corpus)
        {
            var expected = hf.Encode(text).Select(i => (int)i).ToArray();
            var actual = tokenizer.EncodeToIds(text);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                mismatches.Add($"{Show(text)}\n    hf:          [{string.Join(',', expected)}]\n    EncodeToIds: [{string.Join(',', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {corpus.Count} texts\n{string.Join('\n', mismatches.Take(8))}");
    }

    [Fact]
    public void Uses_the_allocation_free_path_when_the_tokenizer_has_one_and_the_full_path_otherwise()
    {
        var bert = Load("tokenizers/bert-base-uncased");
        Assert.True(bert.HasIdsFastPath);
        const string ascii = "The weather is lovely today, isn't it?";
        Assert.Equal(bert.Encode(ascii).Ids, bert.EncodeToIds(ascii));
        var buffer = new int[64];
        Assert.True(bert.TryEncodeIds(ascii, buffer, out var written));
        Assert.Equal(bert.EncodeToIds(ascii), buffer[..written]);

        // A long ASCII text (past the stack buffer) gives every id, nothing truncated.
        var longText = string.Concat(Enumerable.Repeat("unbelievably, tokenization! ", 40));
        Assert.Equal(bert.Encode(longText).Ids, bert.EncodeToIds(longText));

        var qwen = Load("tokenizers/qwen3");
        Assert.False(qwen.HasIdsFastPath);
        Assert.False(qwen.TryEncodeIds(ascii, buffer, out written));
        Assert.Equal(0, written);
        Assert.Equal(qwen.Encode(ascii).Ids, qwen.EncodeToIds(ascii));
    }

    [Fact]
    public void Empty_text_gives_only_the_special_tokens()
    {
        var bert = Load("tokenizers/bert-base-uncased");
        Assert.Equal(bert.Encode(string.Empty).Ids, bert.EncodeToIds(string.Empty));
        Assert.Empty(bert.EncodeToIds(string.Empty, addSpecialTokens: false));
    }

    [Fact]
    public void Null_text_is_refused_naming_the_parameter()
    {
        var tokenizer = Load("models/tiny-random-gpt2");
        var e = Assert.Throws<ArgumentNullException>(() => tokenizer.EncodeToIds(null!));
        Assert.Equal("text", e.ParamName);
    }

    private static PretrainedTokenizer Load(string fixture) =>
        PretrainedTokenizer.FromFile(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json"));

    private static string Show(string text) => text.Length > 80 ? $"\"{text[..80]}…\" ({text.Length} chars)" : $"\"{text}\"";
}
