using System.Diagnostics;
using System.Text.Json;
using Sharpformers.Cli.Tests.Serving;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

/// <summary>
/// The CLI items of issues 16 and 17: ids the model cannot embed, context overflow, the smaller items of finding 8,
/// and first-run network errors (one line, what to do, exit 1; the stack trace only with --verbose).
/// </summary>
public sealed class HardeningCommandTests
{
    private static string Llama => Fixtures.Require("models", "tiny-random-llama-fp16");

    [Theory]
    [InlineData("[[-5]]", "never negative")]
    [InlineData("[[1, 32000]]", "outside the model's vocabulary of 32000 ids")]
    public async Task Input_ids_the_model_cannot_embed_are_usage_errors(string ids, string expected)
    {
        var result = await CliProcess.RunAsync(["generate", Llama, "--input-ids", ids, "--max-new-tokens", "2"]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tokenizer_whose_ids_exceed_the_model_is_one_clear_line_and_no_onnx_runtime_log()
    {
        var result = await CliProcess.RunAsync(["generate", Fixtures.Require("models", "tiny-random-gpt2"), "--prompt", "Cho tôi JSON:", "--max-new-tokens", "2"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains("different repositories", line, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxruntime", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_explicit_max_new_tokens_beyond_the_context_is_one_error_line_and_exit_1()
    {
        using var folder = new HostileModelFolder();
        var result = await CliProcess.RunAsync(["generate", folder.Path, "--prompt", "Hello", "--max-new-tokens", "100000", "--json"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout.Trim());
        var line = Assert.Single(Lines(result.Stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"context is {HostileModelFolder.Context} tokens", line, StringComparison.Ordinal);
        Assert.Contains("max_new_tokens asks for 100000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_length_beyond_the_context_stops_at_the_context()
    {
        using var folder = new HostileModelFolder();
        var result = await CliProcess.RunAsync(["generate", folder.Path, "--prompt", "Hello", "--max-length", "100000", "--json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stderr.Trim());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("sequences")[0].GetArrayLength() <= HostileModelFolder.Context);
    }

    [Fact]
    public async Task Chat_with_the_default_reply_length_larger_than_the_context_still_answers()
    {
        using var folder = new HostileModelFolder(); // 128-token context, below chat's default --max-new-tokens of 256
        var result = await CliProcess.RunAsync(["chat", folder.Path], stdin: "hi\n\n");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_drops_the_oldest_turns_to_fit_the_context_and_says_so()
    {
        using var folder = new HostileModelFolder();
        var turn = string.Join(' ', Enumerable.Repeat("tell me more about it", 6));
        var stdin = string.Join('\n', Enumerable.Repeat(turn, 6)) + "\n\n";

        var result = await CliProcess.RunAsync(["chat", folder.Path, "--max-new-tokens", "20"], stdin: stdin);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("oldest messages to fit the model's context", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding8_usage_errors_exit_2_with_plain_messages()
    {
        var dtype = await CliProcess.RunAsync(["generate", Llama, "--prompt", "Hi", "--dtype", "bogus"]);
        var notANumber = await CliProcess.RunAsync(["generate", Llama, "--prompt", "Hi", "--max-new-tokens", "abc"]);
        var zero = await CliProcess.RunAsync(["chat", Llama, "--max-new-tokens", "0"], stdin: "hi\n");
        var decodeChat = await CliProcess.RunAsync(["tokenize", Llama, "--decode", "--chat"], stdin: "[1]\n");

        Assert.Equal(2, dtype.ExitCode);
        Assert.Contains("bogus", dtype.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", dtype.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("as an integer", notANumber.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", notANumber.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal(2, decodeChat.ExitCode);
    }

    [Fact]
    public async Task Finding8_runtime_errors_are_reported_not_swallowed()
    {
        var negative = await CliProcess.RunAsync(["tokenize", Llama, "--decode"], stdin: "[1, -1]\n");
        var watch = Stopwatch.StartNew();
        var missing = await CliProcess.RunAsync(["tokenize", "./nope"], stdin: "\"hi\"\n");
        var missingTook = watch.Elapsed;
        var noCache = await CliProcess.RunAsync(["scan-cache", "--cache-dir", "/nonexistent/sharpformers-cache"]);

        Assert.Equal(1, negative.ExitCode);
        Assert.Contains("-1", negative.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'./nope' does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.True(missingTook < TimeSpan.FromSeconds(10), $"took {missingTook}");
        Assert.Equal(1, noCache.ExitCode);
        Assert.Contains("does not exist", noCache.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_an_unresolvable_hub_is_one_line_with_what_to_do_and_verbose_adds_the_stack_trace()
    {
        var cache = Directory.CreateTempSubdirectory("sf-cli-cache-");
        try
        {
            var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = "http://huggingface.invalid", ["HF_HUB_CACHE"] = cache.FullName, ["HF_HUB_OFFLINE"] = null, ["HF_TOKEN"] = null };
            var watch = Stopwatch.StartNew();
            var plain = await CliProcess.RunAsync(["generate", "org/some-model", "--prompt", "Hi"], environment);
            var took = watch.Elapsed;
            var verbose = await CliProcess.RunAsync(["generate", "org/some-model", "--prompt", "Hi", "--verbose"], environment);

            Assert.Equal(1, plain.ExitCode);
            var line = Assert.Single(Lines(plain.Stderr));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.Contains("huggingface.invalid", line, StringComparison.Ordinal);
            Assert.Contains("HF_HUB_OFFLINE", line, StringComparison.Ordinal);
            Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
            Assert.Equal(1, verbose.ExitCode);
            Assert.Contains("   at ", verbose.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
