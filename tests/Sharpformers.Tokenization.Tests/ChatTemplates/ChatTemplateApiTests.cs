using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>The public surface: messages as dicts, options as variables, caching, template selection.</summary>
public sealed class ChatTemplateApiTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void MessageFromJsonKeepsEveryFieldInOrderIncludingExplicitNull()
    {
        var message = ChatMessage.FromJson(Json("""{"content": null, "role": "assistant", "tool_calls": [{"id": "x"}], "thinking": "hm"}"""));

        var text = ChatTemplate.Parse("{{ messages[0] }}|{{ messages[0].content is none }}|{{ messages[0]['thinking'] }}").Render([message]);

        Assert.Equal("{'content': None, 'role': 'assistant', 'tool_calls': [{'id': 'x'}], 'thinking': 'hm'}|True|hm", text);
        Assert.Equal("assistant", message.Role);
        Assert.Null(message.Content);
        Assert.Single(message.ToolCalls!);
    }

    [Fact]
    public void ConstructedMessageLeavesOutNullFields()
    {
        var messages = new[]
        {
            new ChatMessage("assistant", null) { ToolCalls = [Json("""{"type": "function", "function": {"name": "f", "arguments": {"a": 1}}}""")] },
            new ChatMessage("tool", "42") { ToolCallId = "call1", Name = "f" },
        };

        var text = ChatTemplate.Parse("{% for m in messages %}{{ m }}|{{ m.content is defined }};{% endfor %}").Render(messages);

        Assert.Equal(
            "{'role': 'assistant', 'tool_calls': [{'type': 'function', 'function': {'name': 'f', 'arguments': {'a': 1}}}]}|False;"
            + "{'role': 'tool', 'content': '42', 'tool_call_id': 'call1', 'name': 'f'}|True;",
            text);
    }

    [Fact]
    public void FromJsonRejectsMessagesWithoutRole()
    {
        Assert.Throws<ArgumentException>(() => ChatMessage.FromJson(Json("""{"content": "x"}""")));
        Assert.Throws<ArgumentException>(() => ChatMessage.FromJson(Json("[]")));
    }

    [Fact]
    public void OptionsBecomeTemplateVariables()
    {
        var template = ChatTemplate.Parse(
            "{{ add_generation_prompt }}|{{ tools is none }}|{{ documents is none }}|{{ bos_token }}|{{ eos_token is defined }}|{{ enable_thinking }}|{{ extra.k }}|{{ strftime_now('%d %b %Y') }}");

        var text = template.Render([], new ChatTemplateOptions
        {
            AddGenerationPrompt = true,
            BosToken = "<s>",
            Variables = new Dictionary<string, object?> { ["enable_thinking"] = false, ["extra"] = new Dictionary<string, object?> { ["k"] = 3 } },
            TimeProvider = new FixedClock(new DateTime(2024, 7, 26, 10, 0, 0)),
        });

        Assert.Equal("True|True|True|<s>|False|False|3|26 Jul 2024", text);
    }

    [Fact]
    public void ToolsAndDocumentsArePassedAsJson()
    {
        var text = ChatTemplate.Parse("{{ tools|map(attribute='function.name')|join(',') }}|{{ documents[0].title }}|{{ tools[0]|tojson }}").Render([], new ChatTemplateOptions
        {
            Tools = [Json("""{"type": "function", "function": {"name": "get_weather", "parameters": {"x": 1.0}}}"""), Json("""{"function": {"name": "search"}}""")],
            Documents = [Json("""{"title": "Hà Nội", "text": "Thủ đô"}""")],
        });

        Assert.Equal("get_weather,search|Hà Nội|{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"x\": 1.0}}}", text);
    }

    [Fact]
    public void ParseIsCachedAndRenderIsRepeatableAcrossThreads()
    {
        const string source = "{% for m in messages %}{{ loop.index }}:{{ m.content|trim }};{% endfor %}";
        var template = ChatTemplate.Parse(source);
        Assert.Same(template, ChatTemplate.Parse(source));

        var messages = Enumerable.Range(0, 50).Select(i => new ChatMessage("user", $" m{i} ")).ToList();
        var expected = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i + 1}:m{i};"));
        var results = new string[16];
        Parallel.For(0, results.Length, i => results[i] = template.Render(messages));

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Llama2TemplateFromTheFixtureModelRendersTheInstFormat()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        var source = ChatTemplateSelector.FromDirectory(folder);
        Assert.NotNull(source);

        var text = ChatTemplate.Parse(source).Render(
            [new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"), new ChatMessage("assistant", "Hello!"), new ChatMessage("user", "Bye")],
            new ChatTemplateOptions { BosToken = "<s>", EosToken = "</s>" });

        // Llama-2 chat format: the system prompt is wrapped in <<SYS>> inside the first [INST]; each answer ends with </s>.
        Assert.Equal("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello! </s><s>[INST] Bye [/INST]", text);
    }
}
