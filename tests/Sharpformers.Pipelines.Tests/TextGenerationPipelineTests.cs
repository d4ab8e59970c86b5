using System.Text.Json;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests;

public sealed class TextGenerationPipelineTests
{
    private static readonly TextGenerationParameters Greedy8 = new() { MaxNewTokens = 8, DoSample = false };

    /// <summary>
    /// The expected/ file holds greedy outputs produced by Hugging Face transformers (via onnxruntime-genai's suite).
    /// Feeding the decoded prompt through the pipeline must continue with exactly the expected tokens.
    /// </summary>
    [Fact]
    public async Task Greedy_text_continuation_matches_the_independent_expected_tokens()
    {
        var expected = Fixtures.Require("expected", "generation-tiny-random-llama-fp16.json");
        using var json = JsonDocument.Parse(File.ReadAllText(expected));
        var tokenizer = AutoTokenizer.FromPretrained(FixtureModels.LlamaFolder);
        var checkedCases = 0;
        foreach (var testCase in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            var config = testCase.GetProperty("generation");
            if (config.TryGetProperty("num_beams", out var beams) && beams.GetInt32() > 1)
            {
                continue;
            }

            var inputs = testCase.GetProperty("input_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
            var outputs = testCase.GetProperty("output_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
            for (var row = 0; row < inputs.Length; row++)
            {
                var prompt = tokenizer.Decode(inputs[row], skipSpecialTokens: true);
                if (!tokenizer.Encode(prompt, addSpecialTokens: true).Ids.SequenceEqual(inputs[row]))
                {
                    continue; // the prompt ids are not the tokenization of any text: only the low-level API can feed them
                }

                var maxLength = config.GetProperty("max_length").GetInt32();
                var results = await FixtureModels.Llama.GenerateAsync(
                    prompt, new TextGenerationParameters { MaxNewTokens = maxLength - inputs[row].Length, ReturnFullText = false },
                    TestContext.Current.CancellationToken);
                var expectedText = tokenizer.Decode(outputs[row], skipSpecialTokens: true)[prompt.Length..];
                Assert.Equal(expectedText, results[0].GeneratedText);
                checkedCases++;
            }
        }

        Assert.True(checkedCases > 0, "no greedy case of the expected file could be expressed as text");
    }

    [Fact]
    public async Task Ids_outside_the_model_vocabulary_are_a_clear_error()
    {
        // tiny-random-gpt2 ships the full GPT-2 tokenizer with a 1,000-id model: ordinary text does not fit.
        var error = await Assert.ThrowsAsync<Sharpformers.Generation.TokenIdOutOfRangeException>(() => FixtureModels.Gpt2.GenerateAsync("hello world", Greedy8, TestContext.Current.CancellationToken));
        Assert.Contains("outside the model's vocabulary of 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_full_text_prepends_the_prompt()
    {
        var full = await FixtureModels.Llama.GenerateAsync("hello world", Greedy8, TestContext.Current.CancellationToken);
        var tail = await FixtureModels.Llama.GenerateAsync("hello world", Greedy8 with { ReturnFullText = false }, TestContext.Current.CancellationToken);
        Assert.Equal("hello world" + tail[0].GeneratedText, full[0].GeneratedText);
        Assert.Null(full[0].Messages);
        Assert.Equal(8, tail[0].CompletionTokenCount);
        Assert.Equal(FinishReason.Length, tail[0].FinishReason);
    }

    [Fact]
    public async Task A_batch_gives_each_prompt_the_same_text_as_alone()
    {
        string[] prompts = ["The quick brown fox", "Xin chào", "a b c d e f g h i j"];
        var batch = await FixtureModels.Llama.GenerateAsync(prompts, Greedy8, TestContext.Current.CancellationToken);
        Assert.Equal(prompts.Length, batch.Count);
        for (var i = 0; i < prompts.Length; i++)
        {
            var alone = await FixtureModels.Llama.GenerateAsync(prompts[i], Greedy8, TestContext.Current.CancellationToken);
            Assert.Equal(alone[0].GeneratedText, batch[i][0].GeneratedText);
        }
    }

    [Fact]
    public async Task Num_return_sequences_with_sampling_returns_that_many_reproducible_results()
    {
        var parameters = new TextGenerationParameters { MaxNewTokens = 6, DoSample = true, TopK = 20, NumReturnSequences = 3, Seed = 7, ReturnFullText = false };
        var first = await FixtureModels.Llama.GenerateAsync("Once upon a time", parameters, TestContext.Current.CancellationToken);
        var second = await FixtureModels.Llama.GenerateAsync("Once upon a time", parameters, TestContext.Current.CancellationToken);
        Assert.Equal(3, first.Count);
        Assert.Equal(first.Select(r => r.GeneratedText), second.Select(r => r.GeneratedText));
    }

    [Fact]
    public async Task Streaming_pieces_concatenate_to_the_non_streamed_continuation()
    {
        var parameters = Greedy8 with { MaxNewTokens = 12, ReturnFullText = false };
        var whole = await FixtureModels.Llama.GenerateAsync("Việt Nam là", parameters, TestContext.Current.CancellationToken);
        var pieces = new List<string>();
        await foreach (var piece in FixtureModels.Llama.StreamAsync("Việt Nam là", parameters, TestContext.Current.CancellationToken))
        {
            pieces.Add(piece);
        }

        Assert.Equal(whole[0].GeneratedText, string.Concat(pieces));
    }

    [Fact]
    public async Task Chat_renders_the_template_and_appends_the_assistant_reply()
    {
        ChatMessage[] conversation = [new("system", "Be brief."), new("user", "Việt Nam là quốc gia như thế nào?")];
        var results = await FixtureModels.Llama.ChatAsync(conversation, Greedy8, TestContext.Current.CancellationToken);
        var result = Assert.Single(results);
        Assert.NotNull(result.Messages);
        Assert.Equal(3, result.Messages!.Count);
        Assert.Equal(conversation, result.Messages.Take(2));
        Assert.Equal("assistant", result.Messages[2].Role);
        Assert.Equal(result.GeneratedText, result.Messages[2].Content);

        var tokenizer = AutoTokenizer.FromPretrained(FixtureModels.LlamaFolder);
        var rendered = tokenizer.ApplyChatTemplate(conversation, addGenerationPrompt: true);
        Assert.Equal(tokenizer.Encode(rendered, addSpecialTokens: false).Ids.Count, result.PromptTokenCount);
    }

    [Fact]
    public async Task Untyped_run_accepts_text_batches_and_kwargs_with_transformers_names()
    {
        IPipeline pipeline = FixtureModels.Llama;
        var one = Assert.IsAssignableFrom<IReadOnlyList<TextGenerationResult>>(await pipeline.RunAsync(
            "hello", new Dictionary<string, object?> { ["max_new_tokens"] = 4, ["return_full_text"] = false }, TestContext.Current.CancellationToken));
        Assert.Equal(4, one[0].CompletionTokenCount);

        var many = Assert.IsAssignableFrom<IReadOnlyList<IReadOnlyList<TextGenerationResult>>>(await pipeline.RunAsync(
            new[] { "a", "b" }, new Dictionary<string, object?> { ["max_new_tokens"] = 2 }, TestContext.Current.CancellationToken));
        Assert.Equal(2, many.Count);

        await Assert.ThrowsAsync<ArgumentException>(() => pipeline.RunAsync(42, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sixteen_concurrent_requests_give_the_sequential_results()
    {
        var prompts = Enumerable.Range(0, 16).Select(i => $"request number {i}").ToArray();
        var sequential = new List<string>();
        foreach (var prompt in prompts)
        {
            sequential.Add((await FixtureModels.Llama.GenerateAsync(prompt, Greedy8, TestContext.Current.CancellationToken))[0].GeneratedText);
        }

        var concurrent = await Task.WhenAll(prompts.Select(p => Task.Run(() => FixtureModels.Llama.GenerateAsync(p, Greedy8, TestContext.Current.CancellationToken))));
        Assert.Equal(sequential, concurrent.Select(r => r[0].GeneratedText));
    }

    [Fact]
    public async Task Stop_strings_end_the_text_and_can_be_left_out_for_chat_apis()
    {
        var six = (await FixtureModels.Llama.GenerateAsync("Xin chào", Greedy8 with { MaxNewTokens = 6, ReturnFullText = false }, TestContext.Current.CancellationToken))[0].GeneratedText;
        var twelve = (await FixtureModels.Llama.GenerateAsync("Xin chào", Greedy8 with { MaxNewTokens = 12, ReturnFullText = false }, TestContext.Current.CancellationToken))[0].GeneratedText;
        var stop = six.TrimEnd()[^3..];

        var kept = (await FixtureModels.Llama.GenerateAsync("Xin chào", Greedy8 with { MaxNewTokens = 12, ReturnFullText = false, StopStrings = [stop] }, TestContext.Current.CancellationToken))[0];
        Assert.Equal(FinishReason.Stop, kept.FinishReason);
        Assert.EndsWith(stop, kept.GeneratedText, StringComparison.Ordinal);
        Assert.StartsWith(kept.GeneratedText, twelve, StringComparison.Ordinal);
        Assert.True(kept.GeneratedText.Length <= six.Length, "generation stopped no later than the token that completed the stop string");

        var removed = (await FixtureModels.Llama.GenerateAsync("Xin chào", Greedy8 with { MaxNewTokens = 12, ReturnFullText = false, StopStrings = [stop], IncludeStopStrings = false }, TestContext.Current.CancellationToken))[0];
        Assert.Equal(kept.GeneratedText[..^stop.Length], removed.GeneratedText);

        var streamed = new List<string>();
        await foreach (var piece in FixtureModels.Llama.StreamAsync("Xin chào", Greedy8 with { MaxNewTokens = 12, ReturnFullText = false, StopStrings = [stop], IncludeStopStrings = false }, TestContext.Current.CancellationToken))
        {
            streamed.Add(piece);
        }

        Assert.Equal(removed.GeneratedText, string.Concat(streamed));
    }
}
