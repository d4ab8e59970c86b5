using System.Text.Json;

namespace Sharpformers.Jinja.Tests;

/// <summary>The Jinja package used directly, with plain .NET values and no tokenizer.</summary>
public sealed class JinjaTemplateTests
{
    [Fact]
    public void Renders_plain_dotnet_values_with_python_semantics()
    {
        var template = JinjaTemplate.Parse(
            "{% for m in messages %}<|{{ m.role }}|>{{ m['content'] | trim }}\n{% endfor %}{{ tools | tojson }} {{ [1, 2, 3][-1] }} {{ 'a,b'.split(',') }} {{ 7 // 2 }}");

        var text = template.Render(new Dictionary<string, object?>
        {
            ["messages"] = new[] { new Dictionary<string, object?> { ["role"] = "user", ["content"] = "  Hi  " } },
            ["tools"] = JsonDocument.Parse("""[{"name":"é"}]""").RootElement,
        });

        Assert.Equal("<|user|>Hi\n[{\"name\": \"é\"}] 3 ['a', 'b'] 3", text);
    }

    [Fact]
    public void Ordered_pairs_keep_their_order_and_a_value_converter_handles_other_types()
    {
        var template = JinjaTemplate.Parse("{% for k, v in item.items() %}{{ k }}={{ v }};{% endfor %}");
        var options = new JinjaRenderOptions { ValueConverter = value => value is Version v ? new List<KeyValuePair<string, object?>> { new("z", v.Major), new("a", v.Minor) } : null };

        Assert.Equal("z=1;a=2;", template.Render([new("item", new Version(1, 2))], options));
        Assert.Throws<ArgumentException>(() => template.Render([new("item", new Uri("http://x"))]));
    }

    [Fact]
    public void Errors_carry_the_jinja_kind_and_position_and_budgets_hold()
    {
        var syntax = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("a\n{% frobnicate %}"));
        Assert.Equal(("TemplateSyntaxError", 2), (syntax.Kind, syntax.Line));

        var raised = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("{{ raise_exception('no') }}").Render([]));
        Assert.Equal(("TemplateError", "no"), (raised.Kind, raised.Reason));

        var budget = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("{{ 'ab' * 100 }}").Render([], new JinjaRenderOptions { MaxRenderedLength = 150 }));
        Assert.Equal("TemplateBudgetError", budget.Kind);
    }
}
