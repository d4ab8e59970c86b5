using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The words HF tokenizers numbers in <c>word_ids</c> (the pre-tokenizer's pieces), which question answering aligns answers
/// to. Expected pieces traced by hand from the pre-tokenizers' documented rules: GPT-2's byte-level regex (a leading space
/// stays with its word) and BERT's whitespace and punctuation splitting.
/// </summary>
public sealed class WordSpanTests
{
    [Fact]
    public void Byte_level_words_keep_their_leading_space()
    {
        var tokenizer = Load("tokenizers/roberta-base");
        const string text = "The capital of France is Paris.";
        var spans = tokenizer.WordSpans(text);
        Assert.Equal(["The", " capital", " of", " France", " is", " Paris", "."], spans.Select(s => text[s.Start..s.End]));
        Assert.Equal(5, PretrainedTokenizer.WordOf(spans, text.IndexOf("Paris", StringComparison.Ordinal) + 2));
    }

    [Fact]
    public void Bert_words_split_on_spaces_and_punctuation()
    {
        var tokenizer = Load("tokenizers/bert-base-uncased");
        const string text = "  Naïve house-boat, isn't it?";
        var spans = tokenizer.WordSpans(text);
        Assert.Equal(["Naïve", "house", "-", "boat", ",", "isn", "'", "t", "it", "?"], spans.Select(s => text[s.Start..s.End]));
        Assert.Equal(-1, PretrainedTokenizer.WordOf(spans, 0)); // a space belongs to no word
    }

    private static PretrainedTokenizer Load(string fixture) =>
        PretrainedTokenizer.FromFile(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json"));
}
