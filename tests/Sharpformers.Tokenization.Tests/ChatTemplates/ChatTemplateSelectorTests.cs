using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>Template choice follows transformers: a string, or named templates with tool_use/default.</summary>
public sealed class ChatTemplateSelectorTests
{
    private static readonly JsonElement Named = JsonDocument.Parse("""
        {"chat_template": [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}, {"name": "rag", "template": "R"}]}
        """).RootElement.Clone();

    [Fact]
    public void StringTemplateIsReturnedAsIs()
    {
        var config = JsonDocument.Parse("""{"chat_template": "{{ messages }}"}""").RootElement;

        Assert.Equal("{{ messages }}", ChatTemplateSelector.Select(config));
        Assert.Equal("{{ messages }}", ChatTemplateSelector.Select(config, hasTools: true));
    }

    [Fact]
    public void NamedTemplatesPreferRequestedThenToolUseThenDefault()
    {
        Assert.Equal("D", ChatTemplateSelector.Select(Named));
        Assert.Equal("T", ChatTemplateSelector.Select(Named, hasTools: true));
        Assert.Equal("R", ChatTemplateSelector.Select(Named, name: "rag", hasTools: true));
    }

    [Fact]
    public void MissingTemplateOrBadShapeIsAClearError()
    {
        Assert.Null(ChatTemplateSelector.Select(JsonDocument.Parse("""{"bos_token": "<s>"}""").RootElement));
        Assert.Contains("No chat template named 'nope'", Assert.Throws<ChatTemplateException>(() => ChatTemplateSelector.Select(Named, "nope")).Reason);

        var noDefault = JsonDocument.Parse("""{"chat_template": [{"name": "rag", "template": "R"}]}""").RootElement;
        Assert.Contains("none named 'default'", Assert.Throws<ChatTemplateException>(() => ChatTemplateSelector.Select(noDefault)).Reason);

        var wrong = JsonDocument.Parse("""{"chat_template": [{"name": "x"}]}""").RootElement;
        Assert.Contains("chat_template[0]", Assert.Throws<ChatTemplateException>(() => ChatTemplateSelector.Select(wrong)).Reason);
    }

    [Fact]
    public void FolderLookupReadsJinjaFileThenChatTemplateJsonThenTokenizerConfig()
    {
        var gptOss = Fixtures.Require("chat-templates", "configs", "gpt-oss");
        var gemma3 = Fixtures.Require("chat-templates", "configs", "gemma-3-chat");
        var qwen = Fixtures.Require("chat-templates", "configs", "qwen2.5");

        Assert.Equal(File.ReadAllText(Path.Combine(gptOss, "chat_template.jinja")), ChatTemplateSelector.FromDirectory(gptOss));
        using var gemmaJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(gemma3, "chat_template.json")));
        Assert.Equal(gemmaJson.RootElement.GetProperty("chat_template").GetString(), ChatTemplateSelector.FromDirectory(gemma3));
        using var qwenJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(qwen, "tokenizer_config.json")));
        Assert.Equal(qwenJson.RootElement.GetProperty("chat_template").GetString(), ChatTemplateSelector.FromDirectory(qwen));
    }

    [Fact]
    public void FolderWithoutTemplateGivesNull()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), """{"bos_token": "<s>"}""");

        Assert.Null(ChatTemplateSelector.FromDirectory(folder.Path));
    }
}
