#pragma warning disable OPENAI001 // Seed is marked experimental in the OpenAI SDK.
using System.ClientModel;
using System.ComponentModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Sharpformers.Pipelines.Tests.ToolCalling;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// <c>serve</c> over a random-weight model with a tool-calling (Qwen2.5) template, driven by the official OpenAI .NET SDK and
/// by Microsoft.Extensions.AI.OpenAI's <see cref="IChatClient"/>: only constrained decoding makes the replies valid.
/// </summary>
public sealed class ServeToolCallingTests : IAsyncLifetime
{
    private const string WeatherSchema = """
        {"type": "object", "properties": {
           "city": {"type": "string", "enum": ["Hà Nội", "Huế"]},
           "days": {"type": "integer", "minimum": 1, "maximum": 7}},
         "required": ["city", "days"], "additionalProperties": false}
        """;

    private const string ForecastSchema = """
        {"type": "object", "properties": {
           "sky": {"type": "string", "enum": ["sunny", "rainy"]},
           "celsius": {"type": "integer", "minimum": -20, "maximum": 45},
           "note": {"type": "string", "maxLength": 12}},
         "required": ["sky", "celsius", "note"], "additionalProperties": false}
        """;

    private ServeProcess? _server;
    private ChatClient _chat = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ServeProcess.StartAsync(ToolModelFolder.Create(), ["--served-model-name", "m"]);
        _chat = new ChatClient("m", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(_server.Address, "/v1") });
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromMinutes(1) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static ChatTool Weather => ChatTool.CreateFunctionTool("get_weather", "Weather of a city", BinaryData.FromString(WeatherSchema));

    private static ChatTool Clock => ChatTool.CreateFunctionTool("get_time", "Time now", BinaryData.FromString("""{"type": "object", "properties": {}}"""));

    [Fact]
    public async Task Required_tool_calls_validate_and_round_trip_through_the_sdk()
    {
        var schema = JsonSchema.FromText(WeatherSchema);
        for (var seed = 0; seed < 6; seed++)
        {
            var options = new ChatCompletionOptions { Tools = { Weather, Clock }, MaxOutputTokenCount = 160, Temperature = 1.5f, Seed = seed };
            options.ToolChoice = seed % 2 == 0 ? ChatToolChoice.CreateRequiredChoice() : ChatToolChoice.CreateFunctionChoice("get_weather");
            List<OpenAiChatMessage> messages = [new UserChatMessage("Thời tiết ở Huế?")];
            ChatCompletion completion = await _chat.CompleteChatAsync(messages, options, TestContext.Current.CancellationToken);

            Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, completion.FinishReason);
            var call = Assert.Single(completion.ToolCalls);
            Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
            if (call.FunctionName == "get_weather")
            {
                using var arguments = JsonDocument.Parse(call.FunctionArguments.ToString());
                Assert.True(schema.Evaluate(arguments.RootElement).IsValid, $"seed {seed}: {call.FunctionArguments}");
            }
            else
            {
                Assert.Equal(0, seed % 2);
                Assert.Equal("get_time", call.FunctionName);
            }

            // The call and its result go back in the history; an auto reply follows.
            messages.Add(new AssistantChatMessage(completion));
            messages.Add(new ToolChatMessage(call.Id, "31°C"));
            ChatCompletion next = await _chat.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather, Clock }, MaxOutputTokenCount = 8, Seed = seed }, TestContext.Current.CancellationToken);
            Assert.Contains(next.FinishReason, new[] { OpenAI.Chat.ChatFinishReason.Stop, OpenAI.Chat.ChatFinishReason.Length, OpenAI.Chat.ChatFinishReason.ToolCalls });
        }
    }

    [Fact]
    public async Task Streamed_tool_call_arrives_whole_with_tool_calls_finish_reason()
    {
        var options = new ChatCompletionOptions { Tools = { Weather }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather"), MaxOutputTokenCount = 160, Temperature = 1.2f, Seed = 11 };
        var arguments = new StringBuilder();
        string? name = null, id = null;
        OpenAI.Chat.ChatFinishReason? finish = null;
        await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Weather?")], options, TestContext.Current.CancellationToken))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                name ??= part.FunctionName;
                id ??= part.ToolCallId;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.NotNull(id);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, finish);
        using var json = JsonDocument.Parse(arguments.ToString());
        Assert.True(JsonSchema.FromText(WeatherSchema).Evaluate(json.RootElement).IsValid, arguments.ToString());
    }

    [Fact]
    public async Task Json_schema_response_format_is_valid_streamed_or_not()
    {
        var schema = JsonSchema.FromText(ForecastSchema);
        for (var seed = 0; seed < 4; seed++)
        {
            var options = new ChatCompletionOptions
            {
                ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat("forecast", BinaryData.FromString(ForecastSchema), jsonSchemaIsStrict: true),
                MaxOutputTokenCount = 120,
                Temperature = 1.8f,
                Seed = seed,
            };
            ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Dự báo?")], options, TestContext.Current.CancellationToken);
            using var json = JsonDocument.Parse(completion.Content[0].Text);
            Assert.True(schema.Evaluate(json.RootElement).IsValid, completion.Content[0].Text);

            var streamed = new StringBuilder();
            await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Dự báo?")], options, TestContext.Current.CancellationToken))
            {
                foreach (var part in update.ContentUpdate)
                {
                    streamed.Append(part.Text);
                }
            }

            Assert.Equal(completion.Content[0].Text, streamed.ToString());
        }
    }

    [Fact]
    public async Task Json_object_response_format_gives_a_json_object()
    {
        var anyJson = new ChatCompletionOptions { ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat(), MaxOutputTokenCount = 200, Temperature = 0.7f, Seed = 1 };
        ChatCompletion any = await _chat.CompleteChatAsync([new UserChatMessage("JSON?")], anyJson, TestContext.Current.CancellationToken);
        if (any.FinishReason == OpenAI.Chat.ChatFinishReason.Stop)
        {
            using var parsed = JsonDocument.Parse(any.Content[0].Text);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task Microsoft_extensions_ai_openai_client_invokes_a_csharp_function_and_reads_typed_output()
    {
        var invoked = new List<string>();
        var weather = AIFunctionFactory.Create(
            ([Description("The city")] CityName city) => { invoked.Add(city.ToString()); return "31°C"; }, "get_weather", "Weather of a city");
        using var client = _chat.AsIChatClient().AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync(
            [new AiChatMessage(AiChatRole.User, "Weather?")],
            new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireSpecific("get_weather"), MaxOutputTokens = 200, Seed = 5, Temperature = 1.2f },
            TestContext.Current.CancellationToken);
        Assert.Single(invoked);
        Assert.Equal("31°C", Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()).Result?.ToString());

        var typed = await _chat.AsIChatClient().GetResponseAsync<Sky>("Sky?", new ChatOptions { MaxOutputTokens = 60, Seed = 2, Temperature = 1.5f }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(typed.TryGetResult(out var sky), typed.Text);
        Assert.True(Enum.IsDefined(sky!.Kind));
    }

    [Fact]
    public async Task Vllm_structured_outputs_and_guided_aliases_shape_the_reply()
    {
        var choice = await PostAsync(new { messages = Ask(), max_tokens = 20, temperature = 1.5, seed = 4, structured_outputs = new { choice = new[] { "có", "không" } } });
        Assert.Contains(Content(choice), new[] { "có", "không" });

        var regex = await PostAsync(new { messages = Ask(), max_tokens = 30, temperature = 1.5, seed = 4, guided_regex = "[0-9]{3}-[a-z]{2}" });
        Assert.Matches("^[0-9]{3}-[a-z]{2}$", Content(regex));

        var json = await PostAsync(new { messages = Ask(), max_tokens = 160, temperature = 1.5, seed = 4, guided_json = JsonDocument.Parse(WeatherSchema).RootElement });
        using var parsed = JsonDocument.Parse(Content(json));
        Assert.True(JsonSchema.FromText(WeatherSchema).Evaluate(parsed.RootElement).IsValid);
    }

    [Theory]
    [InlineData("""{"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}}}""", "uniqueItems")]
    [InlineData("""{"structured_outputs": {"grammar": "root ::= \"a\""}}""", "grammar")]
    [InlineData("""{"structured_outputs": {"regex": "a", "choice": ["b"]}}""", "structured_outputs")]
    [InlineData("""{"guided_whitespace_pattern": " "}""", "guided_whitespace_pattern")]
    [InlineData("""{"n": 2}""", "'n'")]
    [InlineData("""{"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}, "strict": true}}]}""", "strict")]
    [InlineData("""{"tools": [{"type": "web_search"}]}""", "tools[0].type")]
    [InlineData("""{"tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": {"type": "function", "function": {"name": "g"}}}""", "tool_choice")]
    [InlineData("""{"tool_choice": "required"}""", "tool_choice")]
    [InlineData("""{"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"a": {"type": "string", "format": "email"}}}}}], "tool_choice": "required"}""", "format")]
    [InlineData("""{"response_format": {"type": "json_object"}, "guided_regex": "a"}""", "response_format")]
    public async Task Requests_it_cannot_honour_are_400_naming_the_field(string extra, string named)
    {
        using var body = JsonDocument.Parse(extra);
        var request = new Dictionary<string, object?> { ["messages"] = Ask(), ["max_tokens"] = 4 };
        foreach (var property in body.RootElement.EnumerateObject())
        {
            request[property.Name] = property.Value.Clone();
        }

        foreach (var stream in new[] { false, true })
        {
            request["stream"] = stream;
            using var response = await _http.PostAsJsonAsync("/v1/chat/completions", request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"stream={stream}: {(int)response.StatusCode} {text}");
            using var error = JsonDocument.Parse(text);
            Assert.Contains(named, error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Completions_route_names_the_output_shape_fields_it_does_not_serve()
    {
        using var response = await _http.PostAsJsonAsync("/v1/completions", new { prompt = "x", max_tokens = 2, guided_regex = "a+" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("guided_regex", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static object[] Ask() => [new { role = "user", content = "Trả lời?" }];

    private async Task<JsonDocument> PostAsync(object body)
    {
        using var response = await _http.PostAsJsonAsync("/v1/chat/completions", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text);
    }

    private static string Content(JsonDocument reply) => reply.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    public enum CityName
    {
        Hanoi,
        Hue,
    }

    public enum SkyKind
    {
        Sunny,
        Rainy,
    }

    public sealed record Sky(SkyKind Kind);
}
