using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>Which templates read <c>tools</c>, and the clear error when tools are given to one that does not.</summary>
public sealed class ToolSupportTests
{
    [Theory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct.jinja", true)]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct.jinja", true)]
    [InlineData("meta-llama-Llama-3.2-3B-Instruct.jinja", true)]
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407.jinja", true)]
    [InlineData("NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja", true)]
    [InlineData("NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja", true)]
    [InlineData("google-gemma-2-2b-it.jinja", false)]
    [InlineData("microsoft-Phi-3.5-mini-instruct.jinja", false)]
    [InlineData("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", false)]
    public void Tool_support_is_read_from_the_template_code(string file, bool expected)
    {
        var source = File.ReadAllText(Path.Combine(Fixtures.Require("chat-templates"), file));
        Assert.Equal(expected, ChatTemplate.Parse(source).SupportsTools);
    }

    [Fact]
    public void Tools_in_text_or_in_other_names_do_not_count_as_support()
    {
        Assert.False(ChatTemplate.Parse("You have tools. {{ custom_tools }}{{ 'tools' }}").SupportsTools);
        Assert.True(ChatTemplate.Parse("{% if tools %}{{ tools | tojson }}{% endif %}").SupportsTools);
    }

    [Fact]
    public void Apply_chat_template_refuses_tools_for_a_template_that_never_reads_them()
    {
        var tokenizer = AutoTokenizer.FromPretrained(Fixtures.Require("models", "tiny-random-llama-fp16"));
        var tools = new[] { JsonDocument.Parse("""{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}""").RootElement };
        var error = Assert.Throws<ChatTemplateException>(() => tokenizer.ApplyChatTemplate([new ChatMessage("user", "hi")], tools: tools));
        Assert.Equal("ToolsNotSupported", error.Kind);
        Assert.Contains("'tools'", error.Message, StringComparison.Ordinal);

        // Without tools the same template renders.
        Assert.Contains("[INST] hi [/INST]", tokenizer.ApplyChatTemplate([new ChatMessage("user", "hi")]), StringComparison.Ordinal);
    }
}
