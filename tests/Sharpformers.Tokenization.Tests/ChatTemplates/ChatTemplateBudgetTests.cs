using System.Diagnostics;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>
/// A template is outside input shipped with a model (issue 17, finding 4): a render is bounded in the length of what it
/// builds and in the steps it runs, and stops with a <c>TemplateBudgetError</c> quickly instead of exhausting memory or time.
/// </summary>
public sealed class ChatTemplateBudgetTests
{
    private static ChatTemplateException RenderError(string template, ChatTemplateOptions? options = null) =>
        Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template).Render([new ChatMessage("user", "hi")], options));

    [Theory]
    [InlineData("{{ \"a\" * 1000000000 }}")]
    [InlineData("{{ 1000000000 * \"ab\" }}")]
    [InlineData("{% set x = [1] * 2000000000 %}")]
    [InlineData("{% set s = namespace(v='a') %}{% for i in range(100) %}{% set s.v = s.v + s.v %}{% endfor %}")]
    [InlineData("{{ (['aaaaaaaaaaaaaaaaaaaa'] * 1000000) | join('') }}")]
    public void Values_longer_than_the_budget_stop_the_render_before_they_are_built(string template)
    {
        var watch = Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var error = RenderError(template);

        Assert.Equal("TemplateBudgetError", error.Kind);
        Assert.Contains("MaxRenderedLength", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 1L << 30, "allocated more than 1 GiB");
    }

    [Fact]
    public void Nested_loops_stop_at_the_step_budget()
    {
        var watch = Stopwatch.StartNew();
        var error = RenderError("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");

        Assert.Equal("TemplateBudgetError", error.Kind);
        Assert.Contains("MaxEvaluationSteps", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Budgets_are_configurable_and_output_counts()
    {
        const string Template = "{% for i in range(10) %}{{ 'abcdefghij' }}{% endfor %}";
        Assert.Equal(new string('x', 0).Length + 100, ChatTemplate.Parse(Template).Render([new ChatMessage("user", "hi")]).Length);

        var tooLong = RenderError(Template, new ChatTemplateOptions { MaxRenderedLength = 99 });
        Assert.Equal("TemplateBudgetError", tooLong.Kind);

        var tooManySteps = RenderError(Template, new ChatTemplateOptions { MaxEvaluationSteps = 15 });
        Assert.Contains("15 evaluation steps", tooManySteps.Message, StringComparison.Ordinal);

        Assert.Equal(100, ChatTemplate.Parse(Template).Render([new ChatMessage("user", "hi")], new ChatTemplateOptions { MaxRenderedLength = 100, MaxEvaluationSteps = 30 }).Length);
    }
}
