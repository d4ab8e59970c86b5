using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;
using Sharpformers.Jinja.Syntax;

namespace Sharpformers.Benchmarks.ChatTemplates;

/// <summary>
/// Chat template compile and render times on two real templates (Llama-3.1 with tools, Qwen3 with a 20-turn
/// conversation). There is no .NET peer; Python Jinja2 is timed separately with the same inputs (docs/benchmarks.md).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ChatTemplateBenchmarks
{
    private string llamaSource = "";
    private string qwenSource = "";
    private ChatTemplate llama = null!;
    private ChatTemplate qwen = null!;
    private IReadOnlyList<ChatMessage> toolConversation = [];
    private IReadOnlyList<ChatMessage> longConversation = [];
    private ChatTemplateOptions toolOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        llamaSource = File.ReadAllText(Path.Combine(Fixtures.Root, "chat-templates", "meta-llama-Llama-3.1-8B-Instruct.jinja"));
        qwenSource = ChatTemplateSelector.FromDirectory(Path.Combine(Fixtures.Root, "chat-templates", "configs", "qwen3"))!;
        llama = ChatTemplate.Parse(llamaSource);
        qwen = ChatTemplate.Parse(qwenSource);
        toolConversation =
        [
            new ChatMessage("system", "You can call tools."),
            new ChatMessage("user", "What's the weather in Hà Nội?"),
            new ChatMessage("assistant", null) { ToolCalls = [Json("""{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Hà Nội"}}}""")] },
            new ChatMessage("tool", "{\"temperature\": 31}"),
        ];
        toolOptions = new ChatTemplateOptions
        {
            AddGenerationPrompt = true,
            BosToken = "<|begin_of_text|>",
            Tools = [Json("""{"type": "function", "function": {"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City"}}, "required": ["city"]}}}""")],
            Variables = new Dictionary<string, object?> { ["date_string"] = "26 Jul 2024" },
        };
        longConversation = Enumerable.Range(0, 20)
            .Select(i => new ChatMessage(i % 2 == 0 ? "user" : "assistant", $"Turn {i}: Xin chào, đây là tin nhắn số {i} với một chút nội dung để hiển thị."))
            .ToList();
    }

    [Benchmark]
    public int ParseLlama31() => new Parser(new SourceText(llamaSource)).ParseTemplate().Count;

    [Benchmark]
    public int RenderLlama31WithTools() => llama.Render(toolConversation, toolOptions).Length;

    [Benchmark]
    public int RenderQwen3TwentyTurns() => qwen.Render(longConversation, new ChatTemplateOptions { AddGenerationPrompt = true }).Length;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
