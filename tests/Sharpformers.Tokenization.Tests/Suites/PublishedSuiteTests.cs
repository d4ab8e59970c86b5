using System.Text.Json;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Suites;

/// <summary>
/// Expected ids (and, where published, tokens and decoded text) from other projects' test suites, for every suite model
/// whose tokenizer is among the fixtures. Each mapping pairs a suite model with the fixture holding the same tokenizer.
/// </summary>
public sealed class PublishedSuiteTests
{
    private static readonly Dictionary<string, PretrainedTokenizer> Loaded = [];

    public static TheoryData<string, string> IreeModels() => new()
    {
        { "bert-base-uncased", "tokenizers/bert-base-uncased" },
        { "google-bert/bert-base-cased", "tokenizers/bert-base-cased" },
        { "sentence-transformers/all-MiniLM-L6-v2", "tokenizers/all-MiniLM-L6-v2" },
        { "EleutherAI/gpt-neox-20b", "tokenizers/gpt-neox-20b" },
        { "FacebookAI/roberta-base", "tokenizers/roberta-base" },
        { "NousResearch/Llama-2-7b-hf", "tokenizers/llama-2" },
        { "microsoft/Phi-3-mini-4k-instruct", "tokenizers/phi-3-mini" },
        { "mistralai/Mistral-7B-v0.1", "tokenizers/mistral-7b-v0.1" },
        { "mistralai/Mistral-7B-v0.3", "tokenizers/mistral-7b-v0.3" },
        { "google-t5/t5-small", "tokenizers/t5-small" },
        { "xlnet-base-cased", "tokenizers/xlnet-base-cased" },
        { "tiiuae/falcon-7b", "tokenizers/falcon" },
    };

    public static TheoryData<string, string> KitokenModels() => new()
    {
        { "bert_base_cased", "tokenizers/bert-base-cased" },
        { "gpt_neox", "tokenizers/gpt-neox-20b" },
        { "gte", "tokenizers/gte" },
        { "hw_doc_summarizer", "tokenizers/kitoken-hw_doc_summarizer" },
        { "sqlpilot", "tokenizers/kitoken-sqlpilot" },
        { "mistral01", "tokenizers/mistral-7b-v0.1" },
        { "mistral03", "tokenizers/mistral-7b-v0.3" },
        { "modernbert", "tokenizers/modernbert" },
        { "mpt", "tokenizers/mpt-7b" },
        { "xlnet_base_cased", "tokenizers/xlnet-base-cased" },
        { "llama2", "tokenizers/llama-2" },
    };

    public static TheoryData<string, string> SwiftMultilingual() => new()
    {
        { "roberta_base_multilingual.json", "tokenizers/roberta-base" },
        { "t5_small_multilingual.json", "tokenizers/t5-small" },
        { "tinyllama_multilingual.json", "tokenizers/llama-2" },
        { "bge_small_multilingual.json", "tokenizers/bert-base-uncased" },
    };

    /// <summary>
    /// Suite model, fixture, and whether the suite decoded with transformers' <c>clean_up_tokenization_spaces</c> (on for
    /// the BERT, Falcon and T5 classes in the transformers version that produced the suite, off for Llama; our fixtures
    /// carry only tokenizer.json, so the test passes it explicitly).
    /// </summary>
    public static TheoryData<string, string, bool> SwiftCases() => new()
    {
        { "bert-base-uncased", "tokenizers/bert-base-uncased", true },
        { "coreml-projects/Llama-2-7b-chat-coreml", "tokenizers/llama-2", false },
        { "tiiuae/falcon-7b", "tokenizers/falcon", true },
        { "t5-base", "tokenizers/t5-small", true },
    };

    [Theory]
    [MemberData(nameof(IreeModels))]
    public void Iree_corpus_golden_ids(string model, string fixture)
    {
        var tokenizer = Load(fixture);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Require("tokenizer-suites", "iree-tokenizer-corpus", "tokenizer_corpus.json")));
        var tests = doc.RootElement.GetProperty("models").GetProperty(model).GetProperty("tests");
        var failures = new List<string>();
        var count = 0;
        foreach (var test in tests.EnumerateArray())
        {
            var input = test.GetProperty("input").GetString()!;
            var add = !test.TryGetProperty("add_special_tokens", out var a) || a.GetBoolean();
            var expected = test.GetProperty("golden_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var actual = tokenizer.Encode(input, add).Ids.ToArray();
            if (!expected.SequenceEqual(actual))
            {
                failures.Add($"{test.GetProperty("name").GetString()} {HfParityTests.Show(input)}: expected [{string.Join(',', expected)}] got [{string.Join(',', actual)}]");
            }

            count++;
        }

        Assert.True(count > 0, $"no cases for {model}");
        Assert.True(failures.Count == 0, $"{model}: {failures.Count}/{count} failed\n{string.Join('\n', failures.Take(8))}");
    }

    [Theory]
    [MemberData(nameof(KitokenModels))]
    public void Kitoken_ids_without_special_tokens(string model, string fixture)
    {
        var tokenizer = Load(fixture);
        var failures = new List<string>();
        var count = 0;
        foreach (var set in new[] { "small", "mixed", "utf8" })
        {
            var tokensPath = Path.Combine(Fixtures.Require("tokenizer-suites", "kitoken", "tokenizers"), $"{set}_tokens_{model}.txt");
            if (!File.Exists(tokensPath))
            {
                continue;
            }

            // One test per line ("\n" and "\s" spelled out), except the utf8 set: the whole file is one text.
            var inputPath = Fixtures.Require("tokenizer-suites", "kitoken", $"{set}_input.txt");
            var inputs = set == "utf8"
                ? [File.ReadAllText(inputPath)]
                : File.ReadAllLines(inputPath).Select(l => l.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\s", " ", StringComparison.Ordinal)).ToArray();
            var expectedLines = File.ReadAllLines(tokensPath);
            for (var i = 0; i < inputs.Length && i < expectedLines.Length; i++)
            {
                var input = inputs[i];
                var expected = expectedLines[i].Length == 0 ? [] : expectedLines[i].Split(", ").Select(int.Parse).ToArray();

                // kitoken's ids come from HF tokenizers as configured by the file (its padding/truncation included).
                var pipeline = tokenizer.Pipeline;
                var actual = pipeline.Encode(input, null, false, pipeline.FileTruncation, pipeline.FilePadding).Ids.ToArray();
                if (!expected.SequenceEqual(actual))
                {
                    failures.Add($"{set}#{i} {HfParityTests.Show(input)[..Math.Min(80, HfParityTests.Show(input).Length)]}: expected [{string.Join(',', expected.Take(30))}] got [{string.Join(',', actual.Take(30))}]");
                }

                count++;
            }
        }

        Assert.True(count > 0, $"no kitoken cases for {model}");
        Assert.True(failures.Count == 0, $"{model}: {failures.Count}/{count} failed\n{string.Join('\n', failures.Take(8))}");
    }

    [Theory]
    [MemberData(nameof(SwiftMultilingual))]
    public void Swift_transformers_multilingual_ids_tokens_and_text(string baseline, string fixture)
    {
        var tokenizer = Load(fixture);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Require("tokenizer-suites", "swift-transformers", "MultilingualConformance", "baselines", baseline)));
        using var inputs = JsonDocument.Parse(File.ReadAllText(Fixtures.Require("tokenizer-suites", "swift-transformers", "MultilingualConformance", "inputs.json")));
        var texts = inputs.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("text").GetString()!);
        var failures = new List<string>();
        foreach (var entry in doc.RootElement.GetProperty("entries").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            var text = texts[id];
            var encoding = tokenizer.Encode(text);
            var ids = entry.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var tokens = entry.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()).ToArray();
            if (!ids.SequenceEqual(encoding.Ids))
            {
                failures.Add($"{id}: ids expected [{string.Join(',', ids)}] got [{string.Join(',', encoding.Ids)}]");
            }
            else if (!tokens.SequenceEqual(encoding.Tokens))
            {
                failures.Add($"{id}: tokens expected [{string.Join(' ', tokens)}] got [{string.Join(' ', encoding.Tokens)}]");
            }

            var skip = entry.GetProperty("decoded_skip_special").GetString();
            if (tokenizer.Decode(ids, skipSpecialTokens: true) != skip)
            {
                failures.Add($"{id}: decode(skip) expected {HfParityTests.Show(skip!)} got {HfParityTests.Show(tokenizer.Decode(ids, skipSpecialTokens: true))}");
            }

            var with = entry.GetProperty("decoded_with_special").GetString();
            if (tokenizer.Decode(ids) != with)
            {
                failures.Add($"{id}: decode expected {HfParityTests.Show(with!)} got {HfParityTests.Show(tokenizer.Decode(ids))}");
            }
        }

        Assert.True(failures.Count == 0, $"{baseline}: {failures.Count} failed\n{string.Join('\n', failures.Take(8))}");
    }

    [Theory]
    [MemberData(nameof(SwiftCases))]
    public void Swift_transformers_cases_ids_masks_and_text(string model, string fixture, bool cleanUp)
    {
        var tokenizer = Load(fixture);
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Require("tokenizer-suites", "swift-transformers", "tokenizer_tests.json")));
        var failures = new List<string>();
        foreach (var test in doc.RootElement.GetProperty(model).EnumerateArray())
        {
            var input = test.GetProperty("input").GetString()!;
            var encoded = test.GetProperty("encoded");
            var ids = encoded.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var encoding = tokenizer.Encode(input);
            if (!ids.SequenceEqual(encoding.Ids))
            {
                failures.Add($"{HfParityTests.Show(input)}: ids expected [{string.Join(',', ids)}] got [{string.Join(',', encoding.Ids)}]");
                continue;
            }

            if (encoded.TryGetProperty("attention_mask", out var mask) && !mask.EnumerateArray().Select(e => e.GetInt32()).SequenceEqual(encoding.AttentionMask))
            {
                failures.Add($"{HfParityTests.Show(input)}: attention mask differs");
            }

            if (encoded.TryGetProperty("token_type_ids", out var types) && !types.EnumerateArray().Select(e => e.GetInt32()).SequenceEqual(encoding.TypeIds))
            {
                failures.Add($"{HfParityTests.Show(input)}: type ids differ");
            }

            var without = test.GetProperty("decoded_without_special").GetString()!;
            if (tokenizer.Decode(ids, skipSpecialTokens: true, cleanUp) != without)
            {
                failures.Add($"{HfParityTests.Show(input)}: decode(skip) expected {HfParityTests.Show(without)} got {HfParityTests.Show(tokenizer.Decode(ids, skipSpecialTokens: true, cleanUp))}");
            }

            var with = test.GetProperty("decoded_with_special").GetString()!;
            if (tokenizer.Decode(ids, false, cleanUp) != with)
            {
                failures.Add($"{HfParityTests.Show(input)}: decode expected {HfParityTests.Show(with)} got {HfParityTests.Show(tokenizer.Decode(ids, false, cleanUp))}");
            }
        }

        Assert.True(failures.Count == 0, $"{model}: {failures.Count} failed\n{string.Join('\n', failures.Take(8))}");
    }

    internal static PretrainedTokenizer Load(string fixture)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fixture, out var tokenizer))
            {
                tokenizer = AutoTokenizer.FromPretrained(ParityFixtures.Folder(fixture));
                Loaded[fixture] = tokenizer;
            }

            return tokenizer;
        }
    }
}
