using System.Text.Json.Nodes;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The full encode of byte-level BPE and BERT WordPiece tokenizers reads words as spans of the normalized text instead of
/// a <c>NormalizedString</c> per word. Tokenizers.DotNet gives HF's ids but not its offsets or token strings, so the span
/// path is checked against our general path (a <c>NormalizedString</c> per word, whose ids the HF parity tests compare and
/// whose offsets <see cref="OffsetsTests"/> checks by hand): ids, token strings and offsets, over the parity corpus of
/// every fixture, and the byte-level fixtures with <c>add_prefix_space</c> turned on.
/// </summary>
public sealed class WordSpanEncodeTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.All), MemberType = typeof(ParityFixtures))]
    public void Span_path_equals_the_general_path(string fixture)
    {
        var path = Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json");
        var tokenizer = PretrainedTokenizer.FromFile(path);
        Assert.Equal(ExpectsSpanPath(JsonNode.Parse(File.ReadAllText(path))!), tokenizer.Pipeline.HasWordSpanPath);
        AssertSamePaths(fixture, tokenizer, combinations: 1700);
    }

    [Theory]
    [InlineData("models/tiny-random-gpt2")]
    [InlineData("tokenizers/qwen3")]
    public void Span_path_equals_the_general_path_with_a_prefix_space(string fixture)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json")))!;
        var pre = json["pre_tokenizer"]!;
        var steps = pre["pretokenizers"] is JsonArray array ? array.Select(s => s!) : [pre];
        var byteLevel = Assert.Single(steps, s => (string?)s["type"] == "ByteLevel");
        byteLevel["add_prefix_space"] = true;
        var dir = Directory.CreateTempSubdirectory("word-span-encode-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(path, json.ToJsonString());
            AssertSamePaths(fixture, PretrainedTokenizer.FromFile(path), combinations: 400);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Whether tokenizer.json describes a tokenizer the span path covers: BPE after a lone ByteLevel pre-tokenizer (or a
    /// Split then a ByteLevel without its regex), WordPiece after BertPreTokenizer.
    /// </summary>
    private static bool ExpectsSpanPath(JsonNode json)
    {
        // tokenizer.json may leave the model's type out (HF then infers it from the fields).
        var fields = json["model"]!;
        var model = (string?)fields["type"] ?? (fields["merges"] is not null ? "BPE" : fields["max_input_chars_per_word"] is not null ? "WordPiece" : null);
        var pre = json["pre_tokenizer"];
        var preType = (string?)pre?["type"];
        if (model == "WordPiece")
        {
            return preType == "BertPreTokenizer";
        }

        if (model != "BPE" || pre is null)
        {
            return false;
        }

        return preType == "ByteLevel" || (preType == "Sequence" && pre["pretokenizers"] is JsonArray { Count: 2 } steps &&
            (string?)steps[0]!["type"] == "Split" && (string?)steps[1]!["type"] == "ByteLevel" && steps[1]!["use_regex"]?.GetValue<bool>() == false);
    }

    internal static void AssertSamePaths(string fixture, PretrainedTokenizer tokenizer, int combinations)
    {
        var pipeline = tokenizer.Pipeline;
        var corpus = ParityCorpus.For(pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), combinations);
        var mismatches = new List<string>();
        foreach (var text in corpus)
        {
            Encoding expected;
            try
            {
                expected = pipeline.EncodeSequenceBySplits(text, 0);
            }
            catch (InvalidOperationException)
            {
                // A WordPiece vocabulary without its unk token refuses a word it cannot split: both paths must.
                if (!HfParityTests.Throws(() => pipeline.EncodeSequence(text, 0)))
                {
                    mismatches.Add($"{HfParityTests.Show(text)}: the general path throws, the span path does not");
                }

                continue;
            }

            var actual = pipeline.EncodeSequence(text, 0);
            if (!expected.Ids.SequenceEqual(actual.Ids) || !expected.Tokens.SequenceEqual(actual.Tokens, StringComparer.Ordinal) || !expected.Offsets.SequenceEqual(actual.Offsets))
            {
                mismatches.Add($"{HfParityTests.Show(text)}\n    general: {Show(expected)}\n    spans:   {Show(actual)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {corpus.Count} texts\n{string.Join('\n', mismatches.Take(6))}");
    }

    private static string Show(Encoding e) =>
        string.Join(' ', e.Ids.Select((id, i) => $"{id}:{HfParityTests.Show(e.Tokens[i])}@{e.Offsets[i].Start}-{e.Offsets[i].End}"));
}
