using System.Text;
using System.Text.Json;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>A conversation rendered by every fixture template in the differential test.</summary>
public sealed record Conversation(string Id, string MessagesJson, string? ToolsJson = null, string? DocumentsJson = null, string? VariablesJson = null)
{
    public IReadOnlyList<ChatMessage> Messages() =>
        JsonDocument.Parse(MessagesJson).RootElement.EnumerateArray().Select(ChatMessage.FromJson).ToList();

    public IReadOnlyList<JsonElement>? Tools() => ToolsJson is null ? null : [.. JsonDocument.Parse(ToolsJson).RootElement.EnumerateArray()];

    public IReadOnlyList<JsonElement>? Documents() => DocumentsJson is null ? null : [.. JsonDocument.Parse(DocumentsJson).RootElement.EnumerateArray()];

    public Dictionary<string, object?>? Variables() => VariablesJson is null
        ? null
        : JsonDocument.Parse(VariablesJson).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}

/// <summary>The conversation set: plain turns, tool calls and results, whitespace-heavy and Vietnamese content...</summary>
public static class Conversations
{
    private const string WeatherTools = """
        [
          {"type": "function", "function": {"name": "get_weather", "description": "Get the current weather in a city",
            "parameters": {"type": "object", "properties": {
              "city": {"type": "string", "description": "The city, e.g. Hà Nội"},
              "unit": {"type": "string", "description": "Temperature unit", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
              "days": {"type": "integer", "description": "Forecast days", "minimum": 1, "maximum": 7}},
              "required": ["city"]}}},
          {"type": "function", "function": {"name": "search", "description": "Search the web",
            "parameters": {"type": "object", "properties": {
              "query": {"type": "string", "description": "What to look for"},
              "threshold": {"type": "number", "description": "Relevance threshold", "default": 0.5}},
              "required": ["query"]}}}
        ]
        """;

    private const string UndescribedTools = """
        [{"type": "function", "function": {"name": "ping", "parameters": {"type": "object", "properties": {"host": {"type": "string"}}}}},
         {"type": "code_interpreter"}]
        """;

    private const string LegacyCohereTools = """
        [{"name": "internet_search", "description": "Returns a list of relevant document snippets for a textual query retrieved from the internet",
          "parameter_definitions": {"query": {"description": "Query to search the internet with", "type": "str", "required": true},
                                    "limit": {"description": "How many results", "type": "int", "required": false}}},
         {"name": "directly_answer", "description": "Calls a standard (un-augmented) AI chatbot to generate a response given the conversation history",
          "parameter_definitions": {}}]
        """;

    public static readonly IReadOnlyList<Conversation> All =
    [
        new("basic", """
            [{"role": "system", "content": "You are a helpful assistant."},
             {"role": "user", "content": "Hello, who are you?"},
             {"role": "assistant", "content": "I am an assistant."},
             {"role": "user", "content": "What is 2 + 2?"}]
            """),
        new("no-system", """
            [{"role": "user", "content": "Hi!"},
             {"role": "assistant", "content": "Hello! How can I help?"},
             {"role": "user", "content": "Tell me a joke."}]
            """),
        new("single-user", """[{"role": "user", "content": "Just one question?"}]"""),
        new("ends-with-assistant", """
            [{"role": "user", "content": "Write a haiku."},
             {"role": "assistant", "content": "Autumn moonlight\na worm digs silently\ninto the chestnut."}]
            """),
        new("whitespace", """
            [{"role": "system", "content": "  You are helpful.\n\n  "},
             {"role": "user", "content": "\n\n  Hello\tthere  \n"},
             {"role": "assistant", "content": "   I am an assistant   "},
             {"role": "user", "content": "  \t \n"}]
            """),
        new("vietnamese", """
            [{"role": "system", "content": "Bạn là một trợ lý hữu ích, trả lời bằng tiếng Việt."},
             {"role": "user", "content": "Xin chào! Thủ đô của Việt Nam là gì?"},
             {"role": "assistant", "content": "Thủ đô của Việt Nam là Hà Nội. 🇻🇳"},
             {"role": "user", "content": "Cảm ơn bạn! Ngày mai trời có mưa không? Tiếng Việt (NFD): Tie\u0302\u0301ng Vie\u0323\u0302t"}]
            """),
        new("reasoning", """
            [{"role": "user", "content": "What is 2 + 2?"},
             {"role": "assistant", "content": "<think>\nTwo plus two.\n</think>\n\nThe answer is 4."},
             {"role": "user", "content": "And 3 + 3?"}]
            """),
        new("no-thinking", """
            [{"role": "system", "content": "Be brief."},
             {"role": "user", "content": "Hello"}]
            """, VariablesJson: """{"enable_thinking": false, "date_string": "26 Jul 2024", "reasoning_effort": "low"}"""),
        new("tools-offered", """
            [{"role": "system", "content": "You can call tools."},
             {"role": "user", "content": "What's the weather in Hà Nội?"}]
            """, ToolsJson: WeatherTools),
        new("tool-call", """
            [{"role": "system", "content": "You can call tools."},
             {"role": "user", "content": "What's the weather in Hà Nội?"},
             {"role": "assistant", "content": "", "tool_calls": [{"id": "call12345", "type": "function",
               "function": {"name": "get_weather", "arguments": {"city": "Hà Nội", "unit": "celsius"}}}]},
             {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "{\"temperature\": 31, \"condition\": \"sunny\"}"},
             {"role": "assistant", "content": "It is 31°C and sunny in Hà Nội."},
             {"role": "user", "content": "Thanks!"}]
            """, ToolsJson: WeatherTools),
        new("tool-call-null-content", """
            [{"role": "user", "content": "Search for Sharpformers."},
             {"role": "assistant", "content": null, "tool_calls": [{"id": "abcdefghi", "type": "function",
               "function": {"name": "search", "arguments": {"query": "Sharpformers", "threshold": 0.75}}}]},
             {"role": "tool", "tool_call_id": "abcdefghi", "content": "No results."}]
            """, ToolsJson: WeatherTools),
        new("tool-call-string-arguments", """
            [{"role": "user", "content": "Weather in Paris and Hà Nội?"},
             {"role": "assistant", "tool_calls": [
               {"id": "call00001", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
               {"id": "call00002", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Hà Nội\"}"}}]},
             {"role": "tool", "tool_call_id": "call00001", "name": "get_weather", "content": "18°C"},
             {"role": "tool", "tool_call_id": "call00002", "name": "get_weather", "content": "31°C"}]
            """, ToolsJson: WeatherTools),
        new("documents", """[{"role": "user", "content": "What is the capital of Vietnam?"}]""",
            DocumentsJson: """
            [{"title": "Hà Nội", "text": "Hà Nội is the capital of Vietnam."},
             {"title": "Saigon", "text": "Ho Chi Minh City is the largest city."}]
            """),
        new("multimodal", """
            [{"role": "user", "content": [{"type": "text", "text": "Describe this picture."}, {"type": "image"}]},
             {"role": "assistant", "content": [{"type": "text", "text": "A cat on a mat."}]},
             {"role": "user", "content": [{"type": "text", "text": "Cảm ơn!"}]}]
            """),
        new("basic+tools", """
            [{"role": "system", "content": "You are a helpful assistant."},
             {"role": "user", "content": "Hello, who are you?"},
             {"role": "assistant", "content": "I am an assistant."},
             {"role": "user", "content": "What is 2 + 2?"}]
            """, ToolsJson: WeatherTools),
        new("vietnamese+tools", """
            [{"role": "user", "content": "Thời tiết ở Đà Nẵng hôm nay thế nào?  "},
             {"role": "assistant", "content": "  Để tôi kiểm tra.\n"},
             {"role": "user", "content": "Cảm ơn nhé 😊"}]
            """, ToolsJson: WeatherTools),
        new("tools-undescribed", """[{"role": "user", "content": "Ping example.com"}]""", ToolsJson: UndescribedTools),
        new("legacy-cohere-tools", """[{"role": "user", "content": "Who won the 2022 World Cup?"}]""", ToolsJson: LegacyCohereTools),
        new("template-variables", """
            [{"role": "system", "content": "Answer in one word."},
             {"role": "user", "content": "Capital of France?"}]
            """, ToolsJson: WeatherTools, DocumentsJson: """[{"title": "France", "text": "Paris is the capital of France."}]""",
            VariablesJson: """{"functions": "[{\"name\": \"get_weather\"}]", "datetime": "2024-07-26", "enable_thinking": true, "builtin_tools": ["browser", "python"], "model_identity": "You are Sharpformers.", "custom_instructions": "Be terse.", "xml_tools": ["get_weather"]}"""),
        new("system-only", """[{"role": "system", "content": "System text only."}]"""),
        new("empty", "[]"),
    ];

    /// <summary>The JSON of one Python oracle case.</summary>
    public static void WriteCase(Utf8JsonWriter writer, string template, Conversation conversation, bool addGenerationPrompt, string? bos, string? eos)
    {
        writer.WriteStartObject();
        writer.WriteString("template", template);
        writer.WritePropertyName("messages");
        using (var messages = JsonDocument.Parse(conversation.MessagesJson))
        {
            messages.RootElement.WriteTo(writer);
        }

        WriteOptional(writer, "tools", conversation.ToolsJson);
        WriteOptional(writer, "documents", conversation.DocumentsJson);
        writer.WriteBoolean("add_generation_prompt", addGenerationPrompt);
        writer.WriteStartObject("variables");
        if (bos is not null)
        {
            writer.WriteString("bos_token", bos);
        }

        if (eos is not null)
        {
            writer.WriteString("eos_token", eos);
        }

        if (conversation.VariablesJson is not null)
        {
            using var variables = JsonDocument.Parse(conversation.VariablesJson);
            foreach (var property in variables.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
            return;
        }

        using var document = JsonDocument.Parse(json);
        document.RootElement.WriteTo(writer);
    }

    internal static string Describe(string text) => text.Length <= 400 ? text : text[..400] + "…";

    internal static string Escape(string text) => new StringBuilder(text).Replace("\n", "\\n").ToString();
}
