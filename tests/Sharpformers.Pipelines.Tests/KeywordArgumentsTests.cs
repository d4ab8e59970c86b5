namespace Sharpformers.Pipelines.Tests;

public sealed class KeywordArgumentsTests
{
    [Fact]
    public void Transformers_names_map_to_typed_parameters()
    {
        var p = KeywordArguments.ToTextGenerationParameters(new Dictionary<string, object?>
        {
            ["max_new_tokens"] = 12,
            ["do_sample"] = true,
            ["temperature"] = 0.7,
            ["top_k"] = 5L,
            ["top_p"] = 0.9f,
            ["stop_strings"] = new[] { "\n", "END" },
            ["seed"] = "42",
            ["return_full_text"] = false,
        });

        Assert.Equal(12, p.MaxNewTokens);
        Assert.True(p.DoSample);
        Assert.Equal(0.7f, p.Temperature);
        Assert.Equal(5, p.TopK);
        Assert.Equal(0.9f, p.TopP);
        Assert.Equal(["\n", "END"], p.StopStrings);
        Assert.Equal(42, p.Seed);
        Assert.False(p.ReturnFullText);
    }

    [Fact]
    public void Unknown_name_and_wrong_type_name_the_argument()
    {
        var unknown = Assert.Throws<ArgumentException>(() => KeywordArguments.ToTextGenerationParameters(new Dictionary<string, object?> { ["max_tokens"] = 3 }));
        Assert.Contains("'max_tokens'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("max_new_tokens", unknown.Message, StringComparison.Ordinal);

        var wrong = Assert.Throws<ArgumentException>(() => KeywordArguments.ToTextGenerationParameters(new Dictionary<string, object?> { ["top_p"] = "high" }));
        Assert.Contains("'top_p' must be a number", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_override_only_what_they_set()
    {
        var defaults = new Sharpformers.Models.GenerationConfig { MaxLength = 50, TopK = 7, EosTokenId = [2] };
        var config = new TextGenerationParameters { MaxNewTokens = 3, TopP = 0.5f }.ApplyTo(defaults);

        Assert.Equal(3, config.MaxNewTokens);
        Assert.Equal(0.5f, config.TopP);
        Assert.Equal(7, config.TopK);
        Assert.Equal(50, config.MaxLength);
        Assert.Equal([2], config.EosTokenId);
        Assert.Null(defaults.MaxNewTokens);
    }
}
