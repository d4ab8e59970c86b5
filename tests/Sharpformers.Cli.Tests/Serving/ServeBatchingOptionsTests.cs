using System.CommandLine;
using Sharpformers.Cli.Serving;
using Sharpformers.Generation.Batching;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>How <c>serve</c>'s batching flags parse, validate and reach the scheduler options (no server started).</summary>
public sealed class ServeBatchingOptionsTests
{
    [Theory]
    [InlineData(new string[0], GenerationSchedulerOptions.DefaultPrefillChunkTokens)]
    [InlineData(new[] { "--prefill-chunk-tokens", "0" }, 0)]
    [InlineData(new[] { "--prefill-chunk-tokens", "8" }, 8)]
    public void Prefill_chunk_tokens_reaches_the_scheduler_options(string[] args, int expected)
    {
        var (batching, parse) = Parse(args);
        Assert.Empty(parse.Errors);
        var options = new SharpformersOptions();
        batching.Apply(parse, options);
        Assert.Equal(expected, options.Scheduler!.PrefillChunkTokens);
    }

    [Theory]
    [InlineData("--prefill-chunk-tokens", "-1", "--prefill-chunk-tokens must be 0 or more")]
    [InlineData("--max-queue", "-1", "--max-queue must be 0 or more")]
    [InlineData("--max-batch-size", "0", "--max-batch-size must be at least 1")]
    [InlineData("--max-tokens-in-flight", "0", "--max-tokens-in-flight must be at least 1")]
    public void Out_of_range_values_are_refused_naming_the_flag(string flag, string value, string error)
    {
        var (_, parse) = Parse([flag, value]);
        Assert.Contains(parse.Errors, e => e.Message == error);
    }

    private static (ServeBatchingOptions Batching, ParseResult Parse) Parse(string[] args)
    {
        var batching = new ServeBatchingOptions();
        var command = new RootCommand();
        foreach (var option in batching.All)
        {
            command.Options.Add(option);
        }

        return (batching, command.Parse(args));
    }
}
