using System.Text.Json;
using System.Text.RegularExpressions;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

/// <summary><c>generate --json-schema | --regex | --choice</c> run as a process on the random-weight Llama fixture.</summary>
public sealed class GenerateConstraintTests
{
    [Fact]
    public async Task Json_schema_output_parses_and_has_the_required_fields()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var schema = Path.Combine(Path.GetTempPath(), $"sf-schema-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(schema, """{"type":"object","properties":{"ok":{"type":"boolean"},"n":{"type":"integer","minimum":1,"maximum":9}},"required":["ok","n"]}""", TestContext.Current.CancellationToken);
        try
        {
            var result = await CliProcess.RunAsync(["generate", model, "--prompt", "Reply:", "--max-new-tokens", "60", "--do-sample", "--temperature", "1.5", "--seed", "4", "--json-schema", schema]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            using var doc = JsonDocument.Parse(result.Stdout.Trim());
            Assert.True(doc.RootElement.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.InRange(doc.RootElement.GetProperty("n").GetInt32(), 1, 9);
        }
        finally
        {
            File.Delete(schema);
        }
    }

    [Fact]
    public async Task Regex_and_choice_outputs_match()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var regex = await CliProcess.RunAsync(["generate", model, "--prompt", "Code:", "--max-new-tokens", "30", "--do-sample", "--seed", "2", "--regex", "[A-Z]{3}-[0-9]{2,4}"]);
        Assert.True(regex.ExitCode == 0, regex.Stderr);
        Assert.Matches(new Regex("^[A-Z]{3}-[0-9]{2,4}$"), regex.Stdout.Trim());

        var choice = await CliProcess.RunAsync(["generate", model, "--prompt", "Pick:", "--max-new-tokens", "10", "--choice", "red,green,blue"]);
        Assert.True(choice.ExitCode == 0, choice.Stderr);
        Assert.Contains(choice.Stdout.Trim(), new[] { "red", "green", "blue" });
    }

    [Fact]
    public async Task Unsupported_schema_keywords_and_conflicting_flags_are_usage_errors()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var schema = Path.Combine(Path.GetTempPath(), $"sf-schema-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(schema, """{"type":"array","uniqueItems":true}""", TestContext.Current.CancellationToken);
        try
        {
            var bad = await CliProcess.RunAsync(["generate", model, "--prompt", "x", "--json-schema", schema]);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("uniqueItems", bad.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(schema);
        }

        var both = await CliProcess.RunAsync(["generate", model, "--prompt", "x", "--regex", "a", "--choice", "a,b"]);
        Assert.Equal(2, both.ExitCode);
        var missing = await CliProcess.RunAsync(["generate", model, "--prompt", "x", "--json-schema", "/nonexistent/schema.json"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("schema.json", missing.Stderr, StringComparison.Ordinal);
    }
}
