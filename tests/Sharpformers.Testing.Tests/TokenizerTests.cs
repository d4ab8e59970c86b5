using Sharpformers.Testing.Models;
using Sharpformers.Testing.Tokenizer;
using HfTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Sharpformers.Testing.Tests;

/// <summary>The generated tokenizer.json is read by Hugging Face tokenizers (through Tokenizers.DotNet) and round-trips text.</summary>
public sealed class TokenizerTests
{
    [Theory]
    [InlineData(ModelFamily.Llama)]
    [InlineData(ModelFamily.Gpt2)]
    public void Hugging_face_tokenizers_round_trips_text_with_ids_inside_the_model_vocabulary(ModelFamily family)
    {
        var options = GeneratedModels.Small(family, ExportLayout.Optimum);
        var (model, folder) = GeneratedModels.Get(options);
        var tokenizer = new HfTokenizer(vocabPath: Path.Combine(folder, "tokenizer.json"));

        foreach (var text in new[] { "The quick brown fox jumps over the lazy dog.", "naïve café — 東京 🙂 tabs\tand\nnew lines", "  leading spaces", "x" })
        {
            var ids = tokenizer.Encode(text);
            Assert.All(ids, id => Assert.InRange(id, (uint)ModelVocabulary.SpecialTokens(family).Count, (uint)model.Vocabulary.Tokens.Count - 1));
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void Learned_merges_shorten_common_words_and_hugging_face_applies_them()
    {
        var options = GeneratedModels.Small(ModelFamily.Gpt2, ExportLayout.Optimum);
        var (model, folder) = GeneratedModels.Get(options);
        var tokenizer = new HfTokenizer(vocabPath: Path.Combine(folder, "tokenizer.json"));

        // " the" occurs dozens of times in the training text, so BPE merges it into one token.
        var the = Assert.Single(tokenizer.Encode(" the"));
        Assert.Equal("Ġthe", model.Vocabulary.Tokens[(int)the]);
        Assert.True(tokenizer.Encode("The quick brown fox").Length < "The quick brown fox".Length);
    }

    [Fact]
    public void Vocabulary_is_specials_then_the_256_bytes_then_merges_and_stops_at_the_requested_size()
    {
        var vocabulary = BpeTrainer.Train(["<s>"], TrainingCorpus.Text, 300);

        Assert.Equal(300, vocabulary.Tokens.Count);
        Assert.Equal("<s>", vocabulary.Tokens[0]);
        Assert.Equal("Ġ", vocabulary.Tokens[1 + ' ']);
        Assert.Equal("A", vocabulary.Tokens[1 + 'A']);
        Assert.Equal(300 - 257, vocabulary.Merges.Count);
        Assert.Equal(vocabulary.Merges[0].Left + vocabulary.Merges[0].Right, vocabulary.Tokens[257]);
    }
}
