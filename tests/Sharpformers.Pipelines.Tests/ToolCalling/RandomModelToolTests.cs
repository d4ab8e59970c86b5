using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Sharpformers.Pipelines.Tests.ToolCalling;

/// <summary>
/// A random-weight model behind the chat client: only the constraint can make its output a valid call or valid JSON,
/// so these prove the enforcement end to end (template with tools → constrained decoding → parser → M.E.AI contents).
/// </summary>
public sealed class RandomModelToolTests
{
    private const string WeatherParameters = """
        {"type": "object", "properties": {
           "city": {"type": "string", "enum": ["Hà Nội", "Đà Nẵng", "Huế"]},
           "days": {"type": "integer", "minimum": 1, "maximum": 7},
           "note": {"type": "string", "maxLength": 8}},
         "required": ["city", "days"], "additionalProperties": false}
        """;

    private const string SearchParameters = """
        {"type": "object", "properties": {"query": {"type": "string", "maxLength": 10}, "exact": {"type": "boolean"}},
         "required": ["query", "exact"], "additionalProperties": false}
        """;

    private static readonly AIFunctionDeclaration WeatherTool = AIFunctionFactory.CreateDeclaration("get_weather", "Weather", JsonDocument.Parse(WeatherParameters).RootElement);
    private static readonly AIFunctionDeclaration SearchTool = AIFunctionFactory.CreateDeclaration("search", "Search", JsonDocument.Parse(SearchParameters).RootElement);

    [Fact]
    public async Task Required_tool_call_is_present_with_valid_arguments_for_every_seed()
    {
        using var client = new TextGenerationChatClient(ToolModelFolder.Pipeline);
        var schemas = new Dictionary<string, JsonSchema>
        {
            ["get_weather"] = JsonSchema.FromText(WeatherParameters),
            ["search"] = JsonSchema.FromText(SearchParameters),
        };
        var names = new HashSet<string>();
        for (var seed = 0; seed < 24; seed++)
        {
            var options = new ChatOptions
            {
                Tools = [WeatherTool, SearchTool],
                ToolMode = seed % 3 == 0 ? ChatToolMode.RequireSpecific("search") : ChatToolMode.RequireAny,
                Temperature = 1.0f + (seed % 5) * 0.25f,
                Seed = seed,
                MaxOutputTokens = 160,
            };
            var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "Thời tiết?")], options, TestContext.Current.CancellationToken);
            var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
            if (seed % 3 == 0)
            {
                Assert.Equal("search", call.Name);
            }

            names.Add(call.Name);
            var arguments = new JsonObject();
            foreach (var (key, value) in call.Arguments!)
            {
                arguments[key] = JsonNode.Parse(((JsonElement)value!).GetRawText());
            }

            var evaluation = schemas[call.Name].Evaluate(JsonDocument.Parse(arguments.ToJsonString()).RootElement);
            Assert.True(evaluation.IsValid, $"seed {seed}: {call.Name}({arguments.ToJsonString()}) does not validate");
            Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        }

        Assert.Contains("search", names);
    }

    [Fact]
    public async Task Function_invocation_runs_a_real_csharp_function_called_by_the_random_model()
    {
        var calls = new List<(string City, int Days)>();
        var weather = AIFunctionFactory.Create(
            ([Description("The city")] City city, [Description("1 to 7")] int days) => { calls.Add((city.ToString(), days)); return "31°C"; },
            "get_weather");
        using var client = new TextGenerationChatClient(ToolModelFolder.Pipeline).AsBuilder().UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireSpecific("get_weather"), Seed = 3, Temperature = 1.5f, MaxOutputTokens = 200 };

        var response = await client.GetResponseAsync([new AiChatMessage(ChatRole.User, "Weather?")], options, TestContext.Current.CancellationToken);

        Assert.True(calls.Count == 1, string.Join(" | ", response.Messages.SelectMany(m => m.Contents).Select(c => c switch
        {
            FunctionCallContent f => $"call {f.Name} {JsonSerializer.Serialize(f.Arguments)}",
            FunctionResultContent r => $"result {r.Result} {r.Exception}",
            _ => c.ToString(),
        })) + " " + weather.JsonSchema.GetRawText());
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("31°C", result.Result?.ToString());
    }

    [Fact]
    public async Task Typed_structured_output_deserializes_for_every_seed()
    {
        using var client = new TextGenerationChatClient(ToolModelFolder.Pipeline);
        for (var seed = 0; seed < 8; seed++)
        {
            var options = new ChatOptions { Seed = seed, Temperature = 1.5f, MaxOutputTokens = 120 };
            var response = await client.GetResponseAsync<Forecast>("Dự báo?", options, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(response.TryGetResult(out var forecast), $"seed {seed}: {response.Text}");
            Assert.True(Enum.IsDefined(forecast!.Sky), $"seed {seed}: {response.Text}");
        }
    }

    [Fact]
    public async Task Tools_given_to_a_template_without_tool_support_fail_clearly()
    {
        using var client = new TextGenerationChatClient(FixtureModels.Llama);
        var error = await Assert.ThrowsAsync<Tokenization.ChatTemplateException>(() =>
            client.GetResponseAsync([new AiChatMessage(ChatRole.User, "?")], new ChatOptions { Tools = [WeatherTool] }, TestContext.Current.CancellationToken));
        Assert.Contains("'tools'", error.Message, StringComparison.Ordinal);
    }

    public enum City
    {
        Hanoi,
        Hue,
    }

    public enum Sky
    {
        Sunny,
        Cloudy,
        Rainy,
    }

    public sealed record Forecast(Sky Sky, bool Rain);
}
