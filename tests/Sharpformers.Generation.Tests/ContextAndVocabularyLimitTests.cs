using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests;

/// <summary>
/// Issue 17 finding 2 and issue 16: generation never runs past the model's context (an explicit max_new_tokens that
/// cannot fit is refused up front; a default bound stops there with "length"),
/// lengths never overflow, a prompt that fills the context is refused up front, and ids the model cannot embed are
/// refused before the graph runs.
/// </summary>
public sealed class ContextAndVocabularyLimitTests
{
    [Fact]
    public void Lengths_are_capped_at_the_context_and_computed_without_overflow()
    {
        Assert.Equal(2048, GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = 1_000_000_000 }, 10, maxPositionEmbeddings: 2048, fitMaxNewTokensToContext: true).MaxLength);
        Assert.Equal(2048, GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = int.MaxValue }, 10, maxPositionEmbeddings: 2048, fitMaxNewTokensToContext: true).MaxLength);
        Assert.Equal(2048, GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = 2038 }, 10, maxPositionEmbeddings: 2048).MaxLength);
        Assert.Equal(2048, GenerationLengths.Resolve(new GenerationConfig { MaxLength = 100_000 }, 10, maxLengthIsExplicit: true, maxPositionEmbeddings: 2048).MaxLength);
        Assert.Equal(int.MaxValue, GenerationLengths.Resolve(new GenerationConfig { MinNewTokens = int.MaxValue, MaxNewTokens = 5 }, 10).MinLength);

        var overflow = Assert.Throws<InvalidGenerationConfigException>(() => GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = int.MaxValue }, 10));
        Assert.Equal("max_new_tokens", overflow.ParamName);
        Assert.DoesNotContain("-2147483", overflow.Message, StringComparison.Ordinal);

        var full = Assert.Throws<ContextLengthExceededException>(() => GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = 1 }, 2048, maxPositionEmbeddings: 2048));
        Assert.Equal((2048, 2048), (full.PromptLength, full.ContextLength));
        Assert.Contains("context is 2048 tokens", full.Message, StringComparison.Ordinal);
        Assert.Null(full.RequestedNewTokens);
    }

    [Theory]
    [InlineData(2039)]
    [InlineData(1_000_000_000)]
    [InlineData(int.MaxValue)]
    public void An_explicit_max_new_tokens_past_the_context_is_refused_up_front(int maxNewTokens)
    {
        var error = Assert.Throws<ContextLengthExceededException>(() => GenerationLengths.Resolve(new GenerationConfig { MaxNewTokens = maxNewTokens }, 10, maxPositionEmbeddings: 2048));

        Assert.Equal((10, 2048, maxNewTokens, 2038), (error.PromptLength, error.ContextLength, error.RequestedNewTokens, error.AvailableNewTokens));
        Assert.Equal("max_new_tokens", error.ParamName);
        Assert.Contains("at most 2038 new tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_and_the_stream_refuse_an_explicit_max_new_tokens_that_cannot_fit_before_the_graph_runs()
    {
        var folder = ShrunkContextCopy(40);
        try
        {
            using var model = AutoModelForCausalLM.FromPretrained(folder);
            var config = new GenerationConfig { MaxNewTokens = 35, EosTokenId = [], PadTokenId = 0 };
            var ct = TestContext.Current.CancellationToken;
            var error = Assert.Throws<ContextLengthExceededException>(() => model.Generate([[0, 5, 9, 13, 200, 7]], config, cancellationToken: ct));
            Assert.Equal((6, 40, 35), (error.PromptLength, error.ContextLength, error.RequestedNewTokens));
            Assert.Throws<ContextLengthExceededException>(() => model.GenerateStreamAsync([0, 5, 9, 13, 200, 7], config, cancellationToken: ct).ToBlockingEnumerable(ct).ToList());

            // Exactly what fits is generated; a default bound is lowered to the context.
            Assert.Equal(40, model.Generate([[0, 5, 9, 13, 200]], config, cancellationToken: ct).Sequences[0].Length);
            var fitted = model.Generate([[0, 5, 9, 13, 200, 7]], config, new GenerationOptions { FitMaxNewTokensToContext = true }, ct);
            Assert.Equal(40, fitted.Sequences[0].Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Generation_stops_at_a_small_context_with_the_last_position_the_model_has()
    {
        // The fixture with its context shrunk to 40 positions (same graph; its rotary table has 2048).
        var folder = ShrunkContextCopy(40);
        try
        {
            using var model = AutoModelForCausalLM.FromPretrained(folder);
            var config = new GenerationConfig { MaxNewTokens = 1_000_000_000, EosTokenId = [], PadTokenId = 0 };
            var fit = new GenerationOptions { FitMaxNewTokensToContext = true };
            var result = model.Generate([[0, 5, 9, 13, 200, 7]], config, fit, TestContext.Current.CancellationToken);
            Assert.Equal(40, result.Sequences[0].Length);

            var streamed = 0;
            foreach (var piece in model.GenerateStreamAsync([0, 5, 9], config, fit, TestContext.Current.CancellationToken).ToBlockingEnumerable(TestContext.Current.CancellationToken))
            {
                streamed++;
            }

            Assert.Equal(37, streamed);
            Assert.Throws<ContextLengthExceededException>(() => model.Generate([[.. Enumerable.Range(2, 40).Select(i => (long)i)]], config, fit, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(-5L)]
    [InlineData(-1L)]
    [InlineData(32000L)]
    [InlineData(long.MaxValue)]
    public void Ids_outside_the_vocabulary_are_refused_before_the_graph_runs(long id)
    {
        var model = ModelCache.Llama();
        var error = Assert.Throws<TokenIdOutOfRangeException>(() => model.Generate([[0, 5], [3, id, 4]], new GenerationConfig { MaxNewTokens = 2 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal((id, 1, 1, 32000), (error.TokenId, error.Row, error.Position, error.VocabSize));
        Assert.Contains("32000", error.Message, StringComparison.Ordinal);
        Assert.Contains(id < 0 ? "never negative" : "different repositories", error.Message, StringComparison.Ordinal);
        Assert.Throws<TokenIdOutOfRangeException>(() => model.GenerateStreamAsync([id], new GenerationConfig { MaxNewTokens = 2 }, cancellationToken: TestContext.Current.CancellationToken).ToBlockingEnumerable(TestContext.Current.CancellationToken).ToList());
    }

    private static string ShrunkContextCopy(int context)
    {
        var source = Sharpformers.TestSupport.Fixtures.Require("models", "tiny-random-llama-fp16");
        var folder = Path.Combine(Path.GetTempPath(), "sf-ctx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            if (Path.GetFileName(file) is "config.json" or "genai_config.json")
            {
                File.WriteAllText(target, File.ReadAllText(file)
                    .Replace("\"max_position_embeddings\": 2048", $"\"max_position_embeddings\": {context}", StringComparison.Ordinal)
                    .Replace("\"context_length\": 2048", $"\"context_length\": {context}", StringComparison.Ordinal));
            }
            else
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        return folder;
    }
}
