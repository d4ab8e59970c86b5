namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>Errors name the kind (as Jinja2 names it) and the 1-based line and column in the template.</summary>
public sealed class ChatTemplateErrorTests
{
    private static ChatTemplateException RenderError(string template, ChatTemplateOptions? options = null) =>
        Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template).Render([new ChatMessage("user", "hi")], options));

    [Fact]
    public void UnknownTagIsRejectedAtParseWithItsPosition()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("Hello\n{% if true %}\n  {% frobnicate %}\n{% endif %}"));

        Assert.Equal("TemplateSyntaxError", error.Kind);
        Assert.Equal(3, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Contains("frobnicate", error.Reason);
        Assert.Contains("line 3, column 6", error.Message);
    }

    [Fact]
    public void UnclosedBlockNamesTheMissingEndTag()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{% for m in messages %}{{ m.role }}"));

        Assert.Equal("TemplateSyntaxError", error.Kind);
        Assert.Contains("'endfor'", error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void UnexpectedCharacterIsReportedWhereItStands()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("ab\ncd {{ 1 @ 2 }}"));

        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("'@'", error.Reason);
    }

    [Fact]
    public void UnknownFilterAndTestAreRejectedAtParse()
    {
        var filter = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("\n\n  {{ 1 | nope }}"));
        var test = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{{ 1 is nope }}"));

        Assert.Equal(("TemplateAssertionError", 3, 10), (filter.Kind, filter.Line, filter.Column));
        Assert.Contains("No filter named 'nope'", filter.Reason);
        Assert.Equal(("TemplateAssertionError", 1, 9), (test.Kind, test.Line, test.Column));
    }

    [Fact]
    public void TypeErrorPointsAtTheOperator()
    {
        var error = RenderError("line one\n{{ 1 + 'a' }}");

        Assert.Equal(("TypeError", 2, 6), (error.Kind, error.Line, error.Column));
        Assert.Contains("unsupported operand type(s) for +: 'int' and 'str'", error.Reason);
    }

    [Fact]
    public void AttributeOfUndefinedFailsButUndefinedItselfRendersEmpty()
    {
        Assert.Equal("[]", ChatTemplate.Parse("[{{ x }}{{ messages[0].missing }}]").Render([new ChatMessage("user", "hi")]));

        var error = RenderError("{{ x.y.z }}");

        Assert.Equal(("UndefinedError", 1, 5), (error.Kind, error.Line, error.Column));
        Assert.Contains("'x' is undefined", error.Reason);
    }

    [Fact]
    public void RaiseExceptionKeepsTheTemplateMessage()
    {
        var error = RenderError("{% if messages[0].role != 'system' %}\n  {{- raise_exception('System message required!') }}\n{% endif %}");

        Assert.Equal("TemplateError", error.Kind);
        Assert.Equal("System message required!", error.Reason);
        Assert.Equal((2, 7), (error.Line, error.Column));
    }

    [Fact]
    public void MutatingAListIsASandboxViolation()
    {
        var error = RenderError("{% set xs = [] %}{{ xs.append(1) }}");

        Assert.Equal("SecurityError", error.Kind);
        Assert.Contains("append", error.Reason);
    }

    [Fact]
    public void DeepNestingAndRunawayRecursionFailCleanly()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        var nesting = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{{ " + deep + " }}"));
        Assert.Equal("RecursionError", nesting.Kind);

        var recursion = RenderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        Assert.Equal("RecursionError", recursion.Kind);
    }

    [Fact]
    public void UnsupportedRecursiveLoopIsNamed()
    {
        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse("{% for x in xs recursive %}{% endfor %}"));

        Assert.Contains("recursive", error.Reason);
        Assert.Equal((1, 16), (error.Line, error.Column));
    }
}
