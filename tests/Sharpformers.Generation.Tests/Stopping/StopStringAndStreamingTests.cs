using Sharpformers.Generation.Streaming;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Generation.Tests.Stopping;

public sealed class StopStringAndStreamingTests
{
    private static readonly long[] Prompt = [1, 15043, 3186];

    private static readonly Lazy<PretrainedTokenizer> Tokenizer = new(() => AutoTokenizer.FromPretrained(Sharpformers.TestSupport.Fixtures.Require("models", "tiny-random-llama-fp16")));

    private static PretrainedTokenizer LlamaTokenizer() => Tokenizer.Value;

    [Fact]
    public void Generation_stops_at_the_first_token_whose_text_completes_a_stop_string()
    {
        var model = ModelCache.Llama();
        var tokenizer = LlamaTokenizer();
        var ct = TestContext.Current.CancellationToken;
        var free = model.Generate((IReadOnlyList<long>)Prompt, new GenerationConfig { MaxNewTokens = 20 }, cancellationToken: ct);
        var generated = free.NewTokens(0).ToArray().Select(id => (int)id).ToArray();

        // Take as stop string the last 3 characters of the text of the first 8 new tokens (decoded as a whole).
        var text8 = tokenizer.Decode(generated[..8], skipSpecialTokens: true);
        var stop = text8.TrimEnd()[^3..];

        // Independent expectation: the first n whose decoded new text contains the stop string.
        var expectedNew = 0;
        for (var n = 1; n <= generated.Length; n++)
        {
            if (tokenizer.Decode(generated[..n], skipSpecialTokens: true).Contains(stop, StringComparison.Ordinal))
            {
                expectedNew = n;
                break;
            }
        }

        var stopped = model.Generate(
            (IReadOnlyList<long>)Prompt,
            new GenerationConfig { MaxNewTokens = 20, StopStrings = [stop] },
            new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer() },
            ct);
        Assert.InRange(expectedNew, 1, 8);
        Assert.Equal(free.Sequences[0][..(Prompt.Length + expectedNew)], stopped.Sequences[0]);
    }

    [Fact]
    public void Stop_strings_without_a_tokenizer_fail_before_compute()
    {
        var error = Assert.Throws<Sharpformers.Generation.Configuration.InvalidGenerationConfigException>(() => ModelCache.Llama().Generate(
            (IReadOnlyList<long>)Prompt, new GenerationConfig { MaxNewTokens = 5, StopStrings = ["x"] }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("stop_strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_yields_the_same_tokens_as_generate_and_text_that_adds_up_to_the_decoded_output()
    {
        var model = ModelCache.Llama();
        var tokenizer = LlamaTokenizer();
        var ct = TestContext.Current.CancellationToken;
        var config = new GenerationConfig { MaxNewTokens = 25 };
        var expected = model.Generate((IReadOnlyList<long>)Prompt, config, cancellationToken: ct).NewTokens(0).ToArray();

        var ids = new List<long>();
        var text = new System.Text.StringBuilder();
        var last = false;
        await foreach (var token in model.GenerateStreamAsync(Prompt, config, new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer() }, ct))
        {
            Assert.False(last);
            ids.Add(token.TokenId);
            text.Append(token.Text);
            last = token.IsLast;
        }

        Assert.True(last);
        Assert.Equal(expected, ids);
        Assert.Equal(tokenizer.Decode(expected.Select(i => (int)i).ToArray(), skipSpecialTokens: true), text.ToString());
    }

    [Fact]
    public async Task Streaming_stops_when_the_consumer_stops()
    {
        var model = ModelCache.Llama();
        var count = 0;
        await foreach (var token in model.GenerateStreamAsync(Prompt, new GenerationConfig { MaxNewTokens = 200 }, cancellationToken: TestContext.Current.CancellationToken))
        {
            if (++count == 3)
            {
                break;
            }
        }

        Assert.Equal(3, count);
    }
}
