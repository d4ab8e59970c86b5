using Sharpformers.TestSupport;

namespace Sharpformers.Pipelines.Tests.ToolCalling;

public sealed class ToolCallParserTests
{
    [Fact]
    public void Hermes_reads_each_tagged_call_and_keeps_the_text_around_them()
    {
        var reply = ToolCallFormats.Parse(
            "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Hà Nội\"}}\n</tool_call>\n" +
            "<tool_call>\n{\"name\": \"search\", \"arguments\": {\"query\": \"a</tool\"}}\n</tool_call>",
            ToolCallFormat.Hermes);

        Assert.Equal("Let me check.", reply.Content);
        Assert.Equal(2, reply.ToolCalls.Count);
        Assert.Equal(new ParsedToolCall("get_weather", """{"city": "Hà Nội"}"""), reply.ToolCalls[0]);
        Assert.Equal("search", reply.ToolCalls[1].Name);
        Assert.Equal("""{"query": "a</tool"}""", reply.ToolCalls[1].ArgumentsJson);
    }

    [Fact]
    public void Hermes_with_broken_json_or_no_tag_is_plain_text()
    {
        Assert.Empty(ToolCallFormats.Parse("<tool_call>\n{\"name\": \"x\", \"arguments\": {\n</tool_call>", ToolCallFormat.Hermes).ToolCalls);
        var plain = ToolCallFormats.Parse("{\"name\": \"x\", \"arguments\": {}}", ToolCallFormat.Hermes);
        Assert.Empty(plain.ToolCalls);
        Assert.Equal("{\"name\": \"x\", \"arguments\": {}}", plain.Content);
    }

    [Fact]
    public void Hermes_reads_a_call_cut_before_its_closing_tag_and_string_arguments()
    {
        var reply = ToolCallFormats.Parse("<tool_call>\n{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1}\"}\n", ToolCallFormat.Hermes);
        Assert.Equal(new ParsedToolCall("f", """{"a": 1}"""), Assert.Single(reply.ToolCalls));
    }

    [Fact]
    public void Llama_reads_parameters_with_or_without_the_python_tag_and_semicolon_separated_calls()
    {
        var one = ToolCallFormats.Parse("<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}", ToolCallFormat.Llama);
        Assert.Equal(new ParsedToolCall("get_weather", """{"city": "Paris"}"""), Assert.Single(one.ToolCalls));
        Assert.Equal(string.Empty, one.Content);

        var two = ToolCallFormats.Parse("{\"name\": \"a\", \"parameters\": {}}; {\"name\": \"b\", \"parameters\": {\"x\": 1}}", ToolCallFormat.Llama);
        Assert.Equal(["a", "b"], two.ToolCalls.Select(c => c.Name));

        Assert.Empty(ToolCallFormats.Parse("The weather is {sunny}.", ToolCallFormat.Llama).ToolCalls);
        Assert.Empty(ToolCallFormats.Parse("{\"city\": \"Paris\"}", ToolCallFormat.Llama).ToolCalls);
    }

    [Fact]
    public void Mistral_reads_the_list_after_the_marker_or_a_bare_list_when_the_control_token_was_skipped()
    {
        var marked = ToolCallFormats.Parse("[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {\"q\": \"x\"}}, {\"name\": \"b\", \"arguments\": {}}]", ToolCallFormat.Mistral);
        Assert.Equal(["a", "b"], marked.ToolCalls.Select(c => c.Name));
        Assert.Equal("""{"q": "x"}""", marked.ToolCalls[0].ArgumentsJson);

        var bare = ToolCallFormats.Parse(" [{\"name\": \"a\", \"arguments\": {}}]", ToolCallFormat.Mistral);
        Assert.Equal("a", Assert.Single(bare.ToolCalls).Name);
        Assert.Empty(ToolCallFormats.Parse("[1, 2, 3]", ToolCallFormat.Mistral).ToolCalls);
    }

    [Fact]
    public void Json_fallback_reads_objects_lists_openai_shapes_fences_and_hermes_tags()
    {
        Assert.Equal("f", Assert.Single(ToolCallFormats.Parse("{\"name\": \"f\", \"arguments\": {}}", ToolCallFormat.Json).ToolCalls).Name);
        Assert.Equal("g", Assert.Single(ToolCallFormats.Parse("```json\n{\"name\": \"g\", \"parameters\": {\"a\": 2}}\n```", ToolCallFormat.Json).ToolCalls).Name);
        Assert.Equal("h", Assert.Single(ToolCallFormats.Parse(
            "{\"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": \"h\", \"arguments\": \"{}\"}}]}", ToolCallFormat.Json).ToolCalls).Name);
        Assert.Equal("i", Assert.Single(ToolCallFormats.Parse("<tool_call>{\"name\": \"i\", \"arguments\": {}}</tool_call>", ToolCallFormat.Json).ToolCalls).Name);
        Assert.Empty(ToolCallFormats.Parse("Hello there", ToolCallFormat.Json).ToolCalls);
        Assert.Empty(ToolCallFormats.Parse("{\"name\": 3}", ToolCallFormat.Json).ToolCalls);
    }

    [Theory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct.jinja", ToolCallFormat.Hermes)]
    [InlineData("NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja", ToolCallFormat.Hermes)]
    [InlineData("NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja", ToolCallFormat.Hermes)]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct.jinja", ToolCallFormat.Llama)]
    [InlineData("meta-llama-Llama-3.2-3B-Instruct.jinja", ToolCallFormat.Llama)]
    [InlineData("meta-llama-Llama-3.3-70B-Instruct.jinja", ToolCallFormat.Llama)]
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407.jinja", ToolCallFormat.Mistral)]
    [InlineData("google-gemma-2-2b-it.jinja", ToolCallFormat.Json)]
    public void Format_is_detected_from_the_real_chat_templates(string file, ToolCallFormat expected)
    {
        var folder = Fixtures.Require("chat-templates");
        Assert.Equal(expected, ToolCallFormats.Detect(File.ReadAllText(Path.Combine(folder, file))));
    }

    [Fact]
    public void Format_of_qwen3_is_hermes()
    {
        var folder = Fixtures.Require("chat-templates", "configs", "qwen3");
        var config = Directory.GetFiles(folder, "tokenizer_config.json", SearchOption.AllDirectories).First();
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        Assert.Equal(ToolCallFormat.Hermes, ToolCallFormats.Detect(json.RootElement.GetProperty("chat_template").GetString()));
        Assert.Equal(ToolCallFormat.Json, ToolCallFormats.Detect(null));
    }
}
