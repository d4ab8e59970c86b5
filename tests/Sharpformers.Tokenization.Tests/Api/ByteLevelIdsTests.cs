using System.Text.Json.Nodes;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The ids-only encode of byte-level BPE tokenizers writes each word as byte chars into a buffer instead of a string per
/// word. The fixtures all have <c>add_prefix_space: false</c>; here the same files with it turned on, against HF tokenizers
/// (Rust, through Tokenizers.DotNet) loading the same modified file, and against our own full encode.
/// </summary>
public sealed class ByteLevelIdsTests
{
    [Theory]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/qwen3")]
    public void Prefix_space_variant_equals_hugging_face(string fixture)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json")))!;
        var byteLevels = 0;
        foreach (var node in PreTokenizers(json["pre_tokenizer"]!))
        {
            if ((string?)node["type"] == "ByteLevel")
            {
                node["add_prefix_space"] = true;
                byteLevels++;
            }
        }

        Assert.Equal(1, byteLevels);
        var dir = Directory.CreateTempSubdirectory("byte-level-ids-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(path, json.ToJsonString());
            using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
            var tokenizer = PretrainedTokenizer.FromFile(path);
            var corpus = ParityCorpus.For(tokenizer.Pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), combinations: 200);
            var mismatches = new List<string>();
            foreach (var text in corpus)
            {
                var expected = hf.Encode(text).Select(i => (int)i).ToArray();
                var actual = tokenizer.EncodeToIds(text);
                var full = tokenizer.Encode(text).Ids.ToArray();
                if (!expected.AsSpan().SequenceEqual(actual) || !expected.AsSpan().SequenceEqual(full))
                {
                    mismatches.Add($"\"{text}\"\n    hf:          [{string.Join(',', expected)}]\n    EncodeToIds: [{string.Join(',', actual)}]\n    Encode:      [{string.Join(',', full)}]");
                }
            }

            Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {corpus.Count} texts\n{string.Join('\n', mismatches.Take(6))}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<JsonNode> PreTokenizers(JsonNode node) =>
        node["pretokenizers"] is JsonArray steps ? steps.Select(s => s!) : [node];
}
