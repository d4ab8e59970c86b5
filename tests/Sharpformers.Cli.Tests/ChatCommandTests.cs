using Sharpformers.Pipelines;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Tests;

public sealed class ChatCommandTests
{
    [Fact]
    public async Task Chat_answers_each_line_with_the_history_and_quits_at_end_of_input()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["chat", model, "--max-new-tokens", "4"], stdin: "Xin chào\nHow are you?\n");
        Assert.Equal(0, result.ExitCode);

        using var pipeline = Pipeline.CreateTextGeneration(model);
        var parameters = new TextGenerationParameters { MaxNewTokens = 4, ReturnFullText = false };
        var first = (await pipeline.ChatAsync([new ChatMessage("user", "Xin chào")], parameters, TestContext.Current.CancellationToken))[0].GeneratedText;
        var second = (await pipeline.ChatAsync(
            [new ChatMessage("user", "Xin chào"), new ChatMessage("assistant", first), new ChatMessage("user", "How are you?")],
            parameters, TestContext.Current.CancellationToken))[0].GeneratedText;
        Assert.Equal(first + "\n" + second + "\n", result.Stdout);
    }

    [Fact]
    public async Task Serve_without_a_model_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(["serve"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr, StringComparison.Ordinal);
    }
}
