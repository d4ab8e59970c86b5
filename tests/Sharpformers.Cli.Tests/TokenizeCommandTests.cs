using System.Text.Json;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers tokenize</c> run as a process: JSON lines in, JSON lines out, as the library computes them.</summary>
public sealed class TokenizeCommandTests
{
    [Fact]
    public async Task Encodes_each_json_string_line_to_ids_and_tokens()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["tokenize", folder], stdin: "\"Hello world\"\n\"Xin chào 🙂\"\n");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var tokenizer = AutoTokenizer.FromPretrained(folder);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["ids", "tokens"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 15043, 3186], first.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["<s>", "▁Hello", "▁world"], first.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(tokenizer.Encode("Xin chào 🙂").Ids, second.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task No_special_tokens_flag_leaves_out_bos()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["tokenize", folder, "--no-special-tokens"], stdin: "\"Hello world\"\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"ids\":[15043,3186],\"tokens\":[\"▁Hello\",\"▁world\"]}", result.Stdout.Trim());
    }

    [Fact]
    public async Task Decodes_id_arrays_with_and_without_special_tokens()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var plain = await CliProcess.RunAsync(["tokenize", folder, "--decode"], stdin: "[1,15043,3186]\n");
        var skipped = await CliProcess.RunAsync(["tokenize", folder, "--decode", "--skip-special-tokens"], stdin: "[1,15043,3186]\n");
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("{\"text\":\"<s> Hello world\"}", plain.Stdout.Trim());
        Assert.Equal("{\"text\":\"Hello world\"}", skipped.Stdout.Trim());
    }

    [Fact]
    public async Task Bad_input_line_is_a_runtime_error_with_one_line()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["tokenize", folder], stdin: "not json\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: stdin line 1: expected a JSON string", result.Stderr.Trim());
    }

    [Fact]
    public async Task Missing_model_folder_is_a_runtime_error_and_missing_argument_a_usage_error()
    {
        var missing = await CliProcess.RunAsync(["tokenize", "/no/such/folder"], stdin: "\"x\"\n");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: '/no/such/folder' is neither an existing folder nor a Hub repo id", missing.Stderr.Trim(), StringComparison.Ordinal);

        var usage = await CliProcess.RunAsync(["tokenize"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("error: ", usage.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_renders_each_conversation_with_the_template_and_its_ids()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["tokenize", folder, "--chat"], stdin: "[{\"role\":\"user\",\"content\":\"Xin chào\"}]\n");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout.Trim());
        var text = json.RootElement.GetProperty("text").GetString()!;

        // The published Llama-2 chat format: BOS, then "[INST] user [/INST]".
        Assert.Equal("<s>[INST] Xin chào [/INST]", text);
        var tokenizer = AutoTokenizer.FromPretrained(folder);
        Assert.Equal(tokenizer.Encode(text, addSpecialTokens: false).Ids, json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Generate_chat_starts_from_the_rendered_prompt()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var rendered = await CliProcess.RunAsync(["tokenize", folder, "--chat"], stdin: "[{\"role\":\"user\",\"content\":\"Xin chào\"}]\n");
        var generated = await CliProcess.RunAsync(["generate", folder, "--prompt", "Xin chào", "--chat", "--max-new-tokens", "3", "--json"]);
        Assert.Equal(0, generated.ExitCode);
        using var ids = JsonDocument.Parse(rendered.Stdout.Trim());
        using var output = JsonDocument.Parse(generated.Stdout.Trim());
        var prompt = ids.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var sequence = output.RootElement.GetProperty("sequences")[0].EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(prompt, sequence[..prompt.Length]);
        Assert.Equal(prompt.Length + 3, sequence.Length);
    }
}
