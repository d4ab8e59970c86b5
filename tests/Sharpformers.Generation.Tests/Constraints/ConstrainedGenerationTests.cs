using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Streaming;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Generation.Tests.Constraints;

/// <summary>
/// Property tests on random-weight models: whatever a random model prefers, sampling at temperatures 1–2 over many
/// seeds, greedy and beam search, every output satisfies its constraint (JSON validated by JsonSchema.Net, regexes by
/// .NET's regex engine). Only the constraint can make a random model's output valid.
/// </summary>
public sealed class ConstrainedGenerationTests
{
    internal const string PersonSchema = """
        {"type":"object","properties":{
           "name":{"type":"string","maxLength":12},
           "age":{"type":"integer","minimum":0,"maximum":130},
           "score":{"type":"number","minimum":-1,"maximum":1},
           "tags":{"type":"array","items":{"enum":["a","b","c"]},"maxItems":3},
           "kind":{"anyOf":[{"type":"boolean"},{"type":"null"},{"$ref":"#/$defs/code"}]},
           "born":{"type":"string","format":"date"},
           "id":{"type":"string","pattern":"^[A-Z]{2}-[0-9]{3}$"}},
         "required":["name","age","kind","id"],
         "additionalProperties":false,
         "$defs":{"code":{"type":"string","enum":["x","y\"z"]}}}
        """;

    private const string NestedSchema = """
        {"type":"object","properties":{
           "items":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"object","properties":{
               "q":{"type":"integer"},"sub":{"type":"object","properties":{"ok":{"type":"boolean"},"at":{"type":"string","format":"date-time"}},"required":["ok"]}},
             "required":["q","sub"]}}},
         "required":["items"]}
        """;

    private const string SmallSchema = """{"type":"object","properties":{"a":{"enum":["x","yy"]},"b":{"type":"boolean"},"n":{"type":"integer","minimum":-5,"maximum":5}},"required":["a","b","n"]}""";

    private static readonly EvaluationOptions Validation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static TheoryData<string> Models => ["tiny-random-gpt2", "tiny-random-llama-fp16"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Sampled_json_always_validates_against_the_schema(string model)
    {
        var (lm, tokenizer, prompt) = Load(model);
        var schema = JsonSchema.FromText(PersonSchema);
        var constraint = TokenConstraint.JsonSchema(PersonSchema);
        for (var seed = 0; seed < 16; seed++)
        {
            var config = Sampling(lm, seed, maxNewTokens: 220);
            var text = GenerateText(lm, tokenizer, prompt, config, constraint);
            AssertValid(schema, text, $"{model} seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Nested_schema_holds_in_batches_with_several_sequences_per_prompt(string model)
    {
        var (lm, tokenizer, prompt) = Load(model);
        var schema = JsonSchema.FromText(NestedSchema);
        var constraint = TokenConstraint.JsonSchema(NestedSchema);
        for (var seed = 0; seed < 4; seed++)
        {
            var config = Sampling(lm, seed, maxNewTokens: 260);
            config.NumReturnSequences = 2;
            var result = lm.Generate([prompt, prompt[..^1]], config, Options(tokenizer, constraint), TestContext.Current.CancellationToken);
            Assert.Equal(4, result.Sequences.Count);
            for (var row = 0; row < 4; row++)
            {
                AssertValid(schema, TextOf(tokenizer, result.NewTokens(row), config), $"{model} seed {seed} row {row}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Greedy_and_beam_search_outputs_validate(string model)
    {
        var (lm, tokenizer, prompt) = Load(model);
        var schema = JsonSchema.FromText(SmallSchema);
        var constraint = TokenConstraint.JsonSchema(SmallSchema, new JsonConstraintOptions { MaxWhitespace = 1 });
        var greedy = Config(lm, maxNewTokens: 60);
        AssertValid(schema, GenerateText(lm, tokenizer, prompt, greedy, constraint), $"{model} greedy");

        var beams = Config(lm, maxNewTokens: 60);
        beams.NumBeams = 4;
        beams.NumReturnSequences = 2;
        var result = lm.Generate((IReadOnlyList<long>)prompt, beams, Options(tokenizer, constraint), TestContext.Current.CancellationToken);
        for (var row = 0; row < 2; row++)
        {
            AssertValid(schema, TextOf(tokenizer, result.NewTokens(row), beams), $"{model} beam {row}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Regex_and_choice_outputs_match(string model)
    {
        var (lm, tokenizer, prompt) = Load(model);
        const string pattern = "[a-c]{2,5}-\\d{1,3}(x|yz)?( ok)?";
        var regex = TokenConstraint.Regex(pattern);
        string[] choices = ["yes", "no", "maybe so", "n/a"];
        var choice = TokenConstraint.Choice(choices);
        for (var seed = 0; seed < 12; seed++)
        {
            var config = Sampling(lm, seed, maxNewTokens: 40);
            var text = GenerateText(lm, tokenizer, prompt, config, regex);
            Assert.Matches($"^(?:{pattern})$", text);
            Assert.Contains(GenerateText(lm, tokenizer, prompt, config, choice), choices);
        }

        var beams = Config(lm, maxNewTokens: 20);
        beams.NumBeams = 3;
        Assert.Contains(GenerateText(lm, tokenizer, prompt, beams, choice), choices);
    }

    [Fact]
    public void Any_json_mode_gives_json_objects()
    {
        var (lm, tokenizer, prompt) = Load("tiny-random-llama-fp16");
        var constraint = TokenConstraint.AnyJson(new JsonConstraintOptions { MaxNesting = 2, MaxStringLength = 8 });
        for (var seed = 0; seed < 8; seed++)
        {
            var text = GenerateText(lm, tokenizer, prompt, Sampling(lm, seed, maxNewTokens: 300), constraint);
            Assert.IsType<JsonObject>(JsonNode.Parse(text));
        }
    }

    [Fact]
    public void A_constraint_without_a_tokenizer_is_a_clear_error()
    {
        var (lm, _, prompt) = Load("tiny-random-gpt2");
        var e = Assert.Throws<ArgumentException>(() => lm.Generate((IReadOnlyList<long>)prompt, Config(lm, 4), new GenerationOptions { Constraint = TokenConstraint.Choice(["a"]) }, TestContext.Current.CancellationToken));
        Assert.Contains("GenerationOptions.Tokenizer", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertValid(JsonSchema schema, string text, string what)
    {
        System.Text.Json.JsonElement node;
        try
        {
            node = System.Text.Json.JsonDocument.Parse(text).RootElement;
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"{what}: output is not JSON ({e.Message}): {text}");
            return;
        }

        var result = schema.Evaluate(node, Validation);
        Assert.True(result.IsValid, $"{what}: output does not validate: {text}\n{string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(x => $"{d.InstanceLocation}: {x.Value}")))}");
    }

    private static (CausalLanguageModel Model, PretrainedTokenizer Tokenizer, long[] Prompt) Load(string name)
    {
        var folder = Sharpformers.TestSupport.Fixtures.Require("models", name);
        var tokenizer = AutoTokenizer.FromPretrained(folder);
        // The tiny GPT-2 has a 1000-token embedding under a 50257-token tokenizer: its prompt uses small ids. Tokens the
        // model cannot produce are simply never chosen (the single-byte tokens below 256 can spell any text).
        long[] prompt = name.Contains("gpt2", StringComparison.Ordinal)
            ? [52, 195, 731, 321]
            : [.. tokenizer.Encode("Answer in JSON:", addSpecialTokens: false).Ids.Select(i => (long)i)];
        return (ModelCache.Get(folder), tokenizer, prompt);
    }

    private static GenerationConfig Config(CausalLanguageModel lm, int maxNewTokens)
    {
        var config = lm.GenerationConfig.Clone();
        config.MaxNewTokens = maxNewTokens;
        config.DoSample = false;
        return config;
    }

    private static GenerationConfig Sampling(CausalLanguageModel lm, int seed, int maxNewTokens)
    {
        var config = Config(lm, maxNewTokens);
        config.DoSample = true;
        config.Seed = seed;
        config.TopK = 0;
        config.Temperature = 1f + (seed % 5 * 0.25f);
        return config;
    }

    private static GenerationOptions Options(PretrainedTokenizer tokenizer, TokenConstraint constraint) =>
        new() { Tokenizer = tokenizer.AsGenerationTokenizer(), Constraint = constraint };

    private static string GenerateText(CausalLanguageModel lm, PretrainedTokenizer tokenizer, long[] prompt, GenerationConfig config, TokenConstraint constraint)
    {
        var result = lm.Generate((IReadOnlyList<long>)prompt, config, Options(tokenizer, constraint), TestContext.Current.CancellationToken);
        return TextOf(tokenizer, result.NewTokens(0), config);
    }

    /// <summary>The text of the new tokens up to the end-of-sequence token, from each token's bytes.</summary>
    internal static string TextOf(PretrainedTokenizer tokenizer, ReadOnlySpan<long> tokens, GenerationConfig config)
    {
        var eos = config.EosTokenId ?? [];
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            if (eos.Contains((int)t))
            {
                break;
            }

            bytes.AddRange(tokenizer.GetTokenBytes((int)t));
        }

        return new UTF8Encoding(false, true).GetString([.. bytes]);
    }
}
