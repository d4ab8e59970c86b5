using System.Text;
using Json.Schema;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Generation.Tests.Constraints;

/// <summary>
/// Constraints on real vocabularies: Qwen3's 151k byte-level tokens (partial UTF-8 tokens, added tokens such as
/// <c>&lt;tool_call&gt;</c>) driven by a model whose logits are random noise, and the token bytes of byte-level and
/// Metaspace/byte-fallback tokenizers checked against the encoder.
/// </summary>
public sealed class RealVocabularyTests
{
    private const string ArgumentsSchema = """
        {"type":"object","properties":{"city":{"type":"string","maxLength":10},"days":{"type":"integer","minimum":1,"maximum":14},
         "unit":{"enum":["celsius","fahrenheit"]}},"required":["city","days","unit"],"additionalProperties":false}
        """;

    [Theory]
    [InlineData("qwen3", "")]
    [InlineData("llama-2", " ")]
    public void Token_bytes_concatenate_to_the_encoded_text(string name, string prefix)
    {
        var tokenizer = AutoTokenizer.FromPretrained(Sharpformers.TestSupport.Fixtures.Require("tokenizers", name));
        foreach (var text in new[] { "Hello world", "café ✓ 😀 naïve", "{\"a\": [1, 2.5e3]}\n\t  x", "日本語のテキスト" })
        {
            var bytes = new List<byte>();
            foreach (var id in tokenizer.Encode(text, addSpecialTokens: false).Ids)
            {
                bytes.AddRange(tokenizer.GetTokenBytes(id));
            }

            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(prefix + text), bytes.ToArray());
        }
    }

    [Fact]
    public void Qwen_tool_call_syntax_with_schema_arguments_holds_under_random_logits()
    {
        var tokenizer = AutoTokenizer.FromPretrained(Sharpformers.TestSupport.Fixtures.Require("tokenizers", "qwen3"));
        var constraint = TokenConstraint.Sequence(
            TokenConstraint.Literal("<tool_call>\n"),
            TokenConstraint.JsonSchema(ArgumentsSchema),
            TokenConstraint.Literal("\n</tool_call>"));
        var schema = JsonSchema.FromText(ArgumentsSchema);
        var eos = tokenizer.ConvertTokenToId("<|im_end|>")!.Value;
        var toolCall = tokenizer.ConvertTokenToId("<tool_call>")!.Value;
        var toolCallEnd = tokenizer.ConvertTokenToId("</tool_call>")!.Value;
        var model = new NoiseModel(tokenizer.TotalVocabSize, boost: [toolCall, toolCallEnd]);
        var sawAddedToken = false;
        for (var seed = 0; seed < 6; seed++)
        {
            var config = new GenerationConfig { MaxNewTokens = 120, DoSample = true, Temperature = 1f + (seed * 0.2f), TopK = 0, Seed = seed, EosTokenId = [eos], PadTokenId = eos };
            var options = new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer(), Constraint = constraint };
            var result = GenerationRunner.Run(model, [[1, 2, 3]], config, options, null, null, TestContext.Current.CancellationToken);
            var tokens = result.NewTokens(0).ToArray();
            var end = Array.IndexOf(tokens, (long)eos);
            Assert.True(end > 0, $"seed {seed}: no end-of-sequence token");
            var bytes = new List<byte>();
            for (var i = 0; i < end; i++)
            {
                var id = (int)tokens[i];
                if (tokenizer.IsAddedToken(id))
                {
                    // Added tokens only where a literal spells them whole, never inside the JSON.
                    Assert.True((id == toolCall && i == 0) || (id == toolCallEnd && i == end - 1), $"seed {seed}: added token {id} at {i}");
                    sawAddedToken = true;
                }

                bytes.AddRange(tokenizer.GetTokenBytes(id));
            }

            var text = new UTF8Encoding(false, true).GetString([.. bytes]);
            Assert.StartsWith("<tool_call>\n", text, StringComparison.Ordinal);
            Assert.EndsWith("\n</tool_call>", text, StringComparison.Ordinal);
            ConstrainedGenerationTests.AssertValid(schema, text["<tool_call>\n".Length..^"\n</tool_call>".Length], $"seed {seed}");
        }

        Assert.True(sawAddedToken, "the boosted <tool_call> added tokens were never used for the literals");
    }

    [Fact]
    public void Json_strings_under_random_logits_are_valid_utf8_with_multibyte_characters()
    {
        var tokenizer = AutoTokenizer.FromPretrained(Sharpformers.TestSupport.Fixtures.Require("tokenizers", "qwen3"));
        var constraint = TokenConstraint.JsonSchema("""{"type":"array","items":{"type":"string","minLength":3,"maxLength":6},"minItems":3,"maxItems":3}""");
        var model = new NoiseModel(tokenizer.TotalVocabSize, boost: []);
        var eos = tokenizer.ConvertTokenToId("<|im_end|>")!.Value;
        var nonAscii = 0;
        for (var seed = 0; seed < 6; seed++)
        {
            var config = new GenerationConfig { MaxNewTokens = 80, DoSample = true, Temperature = 2f, TopK = 0, Seed = seed, EosTokenId = [eos], PadTokenId = eos };
            var options = new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer(), Constraint = constraint };
            var result = GenerationRunner.Run(model, [[1]], config, options, null, null, TestContext.Current.CancellationToken);
            var text = ConstrainedGenerationTests.TextOf(tokenizer, result.NewTokens(0), config); // throws on invalid UTF-8
            var values = System.Text.Json.JsonSerializer.Deserialize<string[]>(text)!;
            Assert.Equal(3, values.Length);
            Assert.All(values, v => Assert.InRange(new StringInfoLength(v).Value, 3, 6));
            nonAscii += text.Count(c => c > 127);
        }

        Assert.True(nonAscii > 0, "random logits over Qwen's vocabulary should produce some non-ASCII characters");
    }

    /// <summary>Length in UTF-16 code units with surrogate pairs counted once (JSON Schema counts code points).</summary>
    private readonly struct StringInfoLength(string s)
    {
        public int Value { get; } = s.EnumerateRunes().Count();
    }

    /// <summary>A decoder whose logits are seeded noise (three standard deviations), with a few ids lifted.</summary>
    private sealed class NoiseModel(int vocabSize, int[] boost) : IDecoderModel
    {
        public int VocabSize => vocabSize;

        public IDecoderSession StartSession(int batchSize) => new Session(vocabSize, batchSize, boost);

        private sealed class Session(int vocab, int rows, int[] boost) : IDecoderSession
        {
            private readonly float[] _logits = new float[rows * vocab];
            private readonly Random _random = new(7);

            public ReadOnlySpan<float> Forward(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken)
            {
                for (var i = 0; i < _logits.Length; i++)
                {
                    _logits[i] = (float)(_random.NextDouble() * 6);
                }

                for (var r = 0; r < rows; r++)
                {
                    foreach (var id in boost)
                    {
                        _logits[(r * vocab) + id] = 20f;
                    }
                }

                return _logits;
            }

            public void Reorder(ReadOnlySpan<int> sourceRows)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
