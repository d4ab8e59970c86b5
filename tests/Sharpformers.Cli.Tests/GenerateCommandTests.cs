using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

public sealed class GenerateCommandTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "generation-tiny-random-gpt2.json", "greedy-batch2" },
        { "generation-tiny-random-gpt2.json", "beam4-batch3" },
        { "generation-tiny-random-llama-fp16.json", "greedy-vietnamese-prompt" },
        { "generation-tiny-random-llama-fp16.json", "greedy-short" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Json_output_reproduces_the_expected_cases(string file, string name)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Fixtures.Require("expected", file), TestContext.Current.CancellationToken));
        var root = document.RootElement;
        var item = root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var generation = item.GetProperty("generation");
        var model = Fixtures.Require(root.GetProperty("model").GetString()!.Split('/'));
        List<string> args =
        [
            "generate", model,
            "--input-ids", item.GetProperty("input_ids").GetRawText(),
            "--max-length", generation.GetProperty("max_length").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--num-beams", generation.GetProperty("num_beams").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--json",
        ];

        var result = await CliProcess.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var output = JsonDocument.Parse(lines[0]);
        var expected = item.GetProperty("output_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt64()).ToArray()).ToArray();
        var sequences = output.RootElement.GetProperty("sequences").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt64()).ToArray()).ToArray();
        Assert.Equal(expected, sequences);
        // Both fixture folders carry a tokenizer.json, so texts are present, one per sequence.
        Assert.Equal(expected.Length, output.RootElement.GetProperty("texts").GetArrayLength());
    }

    [Fact]
    public async Task Prompt_text_prints_only_the_generated_text_and_streaming_prints_the_same()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var plain = await CliProcess.RunAsync(["generate", model, "--prompt", "Hello world", "--max-new-tokens", "12"]);
        var streamed = await CliProcess.RunAsync(["generate", model, "--prompt", "Hello world", "--max-new-tokens", "12", "--stream"]);
        var json = await CliProcess.RunAsync(["generate", model, "--prompt", "Hello world", "--max-new-tokens", "12", "--json"]);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, streamed.ExitCode);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var fullText = doc.RootElement.GetProperty("texts")[0].GetString()!;
        var generatedText = plain.Stdout.TrimEnd('\n');
        Assert.NotEmpty(generatedText);
        Assert.StartsWith("Hello world", fullText, StringComparison.Ordinal);
        Assert.EndsWith(generatedText.Trim(), fullText, StringComparison.Ordinal);
        Assert.Equal(plain.Stdout, streamed.Stdout);
        // 3 prompt tokens (<s> Hello world) + 12 new.
        Assert.Equal(15, doc.RootElement.GetProperty("sequences")[0].GetArrayLength());
    }

    [Fact]
    public async Task Texts_are_omitted_when_the_model_folder_has_no_tokenizer()
    {
        var source = Fixtures.Require("models", "tiny-random-gpt2");
        using var folder = new TemporaryDirectory();
        foreach (var name in new[] { "config.json", "genai_config.json", "past.onnx" })
        {
            File.CreateSymbolicLink(Path.Combine(folder.Path, name), Path.Combine(source, name));
        }

        // The greedy-batch2 case of expected/generation-tiny-random-gpt2.json (transformers output), without texts.
        var result = await CliProcess.RunAsync(["generate", folder.Path, "--input-ids", "[[0,0,0,52],[0,0,195,731]]", "--max-length", "10", "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("{\"sequences\":[[0,0,0,52,204,204,204,204,204,204],[0,0,195,731,731,114,114,114,114,114]]}", result.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public async Task Seeded_sampling_is_reproducible_from_the_command_line()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        string[] args = ["generate", model, "--input-ids", "[[1,15043,3186]]", "--max-new-tokens", "10", "--do-sample", "--seed", "5", "--top-k", "0", "--json"];
        var a = await CliProcess.RunAsync(args);
        var b = await CliProcess.RunAsync(args);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Theory]
    [InlineData("--num-beams", "0", "num_beams")]
    [InlineData("--top-p", "2", "top_p")]
    [InlineData("--num-return-sequences", "2", "num_return_sequences")]
    public async Task Invalid_parameters_are_usage_errors_naming_the_field(string flag, string value, string field)
    {
        var model = Fixtures.Require("models", "tiny-random-gpt2");
        var result = await CliProcess.RunAsync(["generate", model, "--input-ids", "[[1,2]]", flag, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(field, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Prompt_and_input_ids_together_are_a_usage_error()
    {
        var model = Fixtures.Require("models", "tiny-random-gpt2");
        var result = await CliProcess.RunAsync(["generate", model, "--input-ids", "[[1]]", "--prompt", "x"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_folder_is_a_runtime_error()
    {
        using var temp = new TemporaryDirectory();
        var result = await CliProcess.RunAsync(["generate", Path.Combine(temp.Path, "nope"), "--input-ids", "[[1]]"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }
}
