using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Sharpformers.Pipelines.Tests.ToolCalling;

/// <summary>The chat client's tool surface over scripted replies: mapping both ways, streaming, and M.E.AI function invocation.</summary>
public sealed class ChatClientToolTests
{
    private const string HermesTemplate = "{% for m in messages %}{{ m.role }}{% endfor %}{% if tools %}<tool_call>{% endif %}";

    private static readonly AIFunction Weather = AIFunctionFactory.Create(
        ([Description("The city")] string city, int days = 1) => $"{city}: 31°C for {days} day(s)", "get_weather", "Get the weather");

    [Fact]
    public async Task Reply_with_a_tagged_call_becomes_function_call_content_with_tool_calls_finish_reason()
    {
        var backend = new ScriptedBackend(HermesTemplate, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Hà Nội\", \"days\": 2}}\n</tool_call>");
        using var client = new TextGenerationChatClient(new TextGenerationPipeline(backend));
        var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "Weather?")], new ChatOptions { Tools = [Weather] }, TestContext.Current.CancellationToken);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        Assert.Equal("Hà Nội", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)call.Arguments["days"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(string.Empty, response.Text);

        var tools = backend.Requests[0].Parameters.Tools!;
        var function = Assert.Single(tools).GetProperty("function");
        Assert.Equal("function", tools[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        Assert.Equal("Get the weather", function.GetProperty("description").GetString());
        Assert.Equal("string", function.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Function_invoking_client_runs_the_csharp_function_and_sends_its_result_back_as_a_tool_message()
    {
        var invoked = new List<string>();
        var weather = AIFunctionFactory.Create((string city) => { invoked.Add(city); return $"{city}: 31°C"; }, "get_weather");
        var backend = new ScriptedBackend(HermesTemplate,
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Đà Nẵng\"}}\n</tool_call>",
            "It is 31°C in Đà Nẵng.");
        using var client = new TextGenerationChatClient(new TextGenerationPipeline(backend)).AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "Weather in Đà Nẵng?")], new ChatOptions { Tools = [weather] }, TestContext.Current.CancellationToken);

        Assert.Equal(["Đà Nẵng"], invoked);
        Assert.Equal("It is 31°C in Đà Nẵng.", response.Text);
        var second = backend.Requests[1].Prompt.Messages!;
        Assert.Equal(["user", "assistant", "tool"], second.Select(m => m.Role));
        var call = Assert.Single(second[1].ToolCalls!);
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Đà Nẵng", call.GetProperty("function").GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal(call.GetProperty("id").GetString(), second[2].ToolCallId);
        Assert.Equal("get_weather", second[2].Name);
        Assert.Equal("Đà Nẵng: 31°C", second[2].Content);
    }

    [Fact]
    public async Task Streaming_shows_text_before_the_call_and_carries_the_call_only_when_complete()
    {
        var backend = new ScriptedBackend(HermesTemplate, "Checking <tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Huế\"}}\n</tool_call>");
        using var client = new TextGenerationChatClient(new TextGenerationPipeline(backend));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new AiChatMessage(ChatRole.User, "?")], new ChatOptions { Tools = [Weather] }, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("Checking ", string.Concat(updates.Select(u => u.Text)));
        Assert.DoesNotContain(updates, u => u.Text.Contains('<', StringComparison.Ordinal));
        var withCall = Assert.Single(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Equal("Huế", ((JsonElement)withCall.Contents.OfType<FunctionCallContent>().Single().Arguments!["city"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);

        var response = updates.ToChatResponse();
        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Without_tools_or_with_tool_mode_none_a_call_shaped_reply_stays_text()
    {
        const string reply = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {}}\n</tool_call>";
        var backend = new ScriptedBackend(HermesTemplate, reply, reply);
        using var client = new TextGenerationChatClient(new TextGenerationPipeline(backend));
        var plain = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "?")], cancellationToken: TestContext.Current.CancellationToken);
        var none = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "?")], new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.None }, TestContext.Current.CancellationToken);

        Assert.Equal(reply, plain.Text);
        Assert.Equal(reply, none.Text);
        Assert.Null(backend.Requests[1].Parameters.Tools);
        Assert.Empty(none.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Format_override_and_single_call_limit_apply()
    {
        var backend = new ScriptedBackend(HermesTemplate, "[{\"name\": \"a\", \"arguments\": {}}, {\"name\": \"b\", \"arguments\": {}}]");
        using var client = new TextGenerationChatClient(new TextGenerationPipeline(backend)) { ToolCallFormat = ToolCallFormat.Mistral };
        var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "?")],
            new ChatOptions { Tools = [Weather], AllowMultipleToolCalls = false }, TestContext.Current.CancellationToken);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("a", call.Name);
        Assert.Equal(9, call.CallId.Length);
    }

    [Fact]
    public void Hosted_tools_are_refused_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => ChatOptionsMapping.ToParameters(new ChatOptions { Tools = [new HostedWebSearchTool()] }));
        Assert.Contains("web_search", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Stream_filter_holds_back_a_partial_marker_and_json_opening_replies()
    {
        var hermes = new ToolCallStreamFilter(ToolCallFormat.Hermes);
        Assert.Equal("Hi ", hermes.Push("Hi <tool"));
        Assert.Equal(string.Empty, hermes.Push("_c"));
        Assert.Equal(string.Empty, hermes.Push("all>\n{"));
        Assert.Equal(string.Empty, hermes.Push(" more"));

        var notMarker = new ToolCallStreamFilter(ToolCallFormat.Hermes);
        Assert.Equal("a ", notMarker.Push("a <to"));
        Assert.Equal("<top", notMarker.Push("p"));

        var llama = new ToolCallStreamFilter(ToolCallFormat.Llama);
        Assert.Equal(string.Empty, llama.Push("  "));
        Assert.Equal(string.Empty, llama.Push("{\"name\": \"f\", "));
        var reply = llama.Finish("\"parameters\": {}}");
        Assert.Equal("f", Assert.Single(reply.ToolCalls).Name);

        var text = new ToolCallStreamFilter(ToolCallFormat.Llama);
        Assert.Equal(" Hello", text.Push(" Hello"));
        Assert.Equal(string.Empty, text.Finish(string.Empty).Content);
    }
}
