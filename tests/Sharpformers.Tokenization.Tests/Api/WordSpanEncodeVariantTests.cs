using System.Text;
using System.Text.Json.Nodes;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The span encodes in settings the fixtures do not reach: a BERT tokenizer whose splits come normalized (an added token
/// matched after normalization, or the BertNormalizer inside a Sequence), ids checked against HF and tokens and offsets
/// against the general path; and texts longer than the per-thread buffers keep, alternating with short texts and the
/// ids-only encode so that the buffers are dropped, regrown and reused.
/// </summary>
public sealed class WordSpanEncodeVariantTests
{
    private const string Bert = "tokenizers/bert-base-uncased";

    [Fact]
    public void Bert_with_an_added_token_matched_after_normalization_matches_hf_and_the_general_path()
    {
        WithEditedBert(json =>
        {
            var mask = json["added_tokens"]!.AsArray().Single(t => (string?)t!["content"] == "[MASK]")!;
            mask["normalized"] = true;
        });
    }

    [Fact]
    public void Bert_with_its_normalizer_in_a_sequence_matches_hf_and_the_general_path()
    {
        WithEditedBert(json =>
        {
            var normalizer = json["normalizer"]!.DeepClone();
            json["normalizer"] = new JsonObject { ["type"] = "Sequence", ["normalizers"] = new JsonArray(normalizer) };
        });
    }

    [Theory]
    [InlineData(Bert)]
    [InlineData("tokenizers/bert-base-cased")]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/qwen3")]
    public void Texts_longer_than_the_kept_buffers_alternate_with_short_ones(string fixture)
    {
        var tokenizer = PretrainedTokenizer.FromFile(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json"));
        var pipeline = tokenizer.Pipeline;
        Assert.True(pipeline.HasWordSpanPath);
        var piece = "Café naïve RÉSUMÉ İstanbul 北京大学欢迎你 😀👍🏽 e\u0301\u0327 \u0000tab\there\u00A0nbsp ÅNGSTRÖM x\u200Bz ";
        var longText = new StringBuilder();
        while (longText.Length < 40_000)
        {
            longText.Append(piece);
        }

        var texts = new[] { longText.ToString(), "Short Ünïcödé 中文 text 🙂", longText.ToString(0, 20_011), "a" };
        for (var round = 0; round < 2; round++)
        {
            foreach (var text in texts)
            {
                var expected = pipeline.EncodeSequenceBySplits(text, 0);
                var idsFirst = round == 0;
                var ids = idsFirst ? tokenizer.EncodeToIds(text, addSpecialTokens: false) : null;
                var actual = pipeline.EncodeSequence(text, 0);
                ids ??= tokenizer.EncodeToIds(text, addSpecialTokens: false);
                Assert.Equal(expected.Ids.ToArray(), ids);
                Assert.Equal(expected.Ids.ToArray(), actual.Ids.ToArray());
                Assert.Equal(expected.Tokens.ToArray(), actual.Tokens.ToArray());
                Assert.Equal(expected.Offsets.ToArray(), actual.Offsets.ToArray());
            }
        }
    }

    private static void WithEditedBert(Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ParityFixtures.Folder(Bert), "tokenizer.json")))!;
        edit(json);
        var dir = Directory.CreateTempSubdirectory("word-span-variant-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(path, json.ToJsonString());
            var tokenizer = PretrainedTokenizer.FromFile(path);
            var pipeline = tokenizer.Pipeline;
            Assert.True(pipeline.HasWordSpanPath);
            Assert.False(pipeline.NormalizesSplitsInBuffers);
            WordSpanEncodeTests.AssertSamePaths(Bert, tokenizer, combinations: 400);

            using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
            var corpus = ParityCorpus.For(pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), 400);
            var mismatches = new List<string>();
            foreach (var text in corpus)
            {
                var expected = hf.Encode(text).Select(i => (int)i).ToArray();
                var actual = tokenizer.EncodeToIds(text);
                var full = pipeline.Encode(text, null, true, null, null).Ids.ToArray();
                if (!expected.AsSpan().SequenceEqual(actual) || !expected.AsSpan().SequenceEqual(full))
                {
                    mismatches.Add($"{HfParityTests.Show(text)}\n    hf:   [{string.Join(',', expected)}]\n    ids:  [{string.Join(',', actual)}]\n    full: [{string.Join(',', full)}]");
                }
            }

            Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches over {corpus.Count} texts\n{string.Join('\n', mismatches.Take(6))}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
