using System.Text.Json.Nodes;
using Sharpformers.TestSupport;

namespace Sharpformers.Pipelines.Tests.ToolCalling;

/// <summary>
/// tiny-random-llama-fp16 with a tool-calling chat template: a temporary folder whose files link to the fixture's, except
/// tokenizer_config.json, rewritten with Qwen2.5's template (Hermes <c>&lt;tool_call&gt;</c> format); deleted when the test process exits.
/// </summary>
internal static class ToolModelFolder
{
    private static readonly Lazy<TextGenerationPipeline> LazyPipeline = new(() => Sharpformers.Pipelines.Pipeline.CreateTextGeneration(Create()));

    public static TextGenerationPipeline Pipeline => LazyPipeline.Value;

    public static string Create()
    {
        var source = Fixtures.Require("models", "tiny-random-llama-fp16");
        var template = File.ReadAllText(Path.Combine(Fixtures.Require("chat-templates"), "Qwen-Qwen2.5-7B-Instruct.jinja"));
        var folder = Path.Combine(Path.GetTempPath(), "sharpformers-tool-model-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            if (Path.GetFileName(file) != "tokenizer_config.json" && !File.Exists(target))
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "tokenizer_config.json")))!.AsObject();
        config["chat_template"] = template;
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config.ToJsonString());
        return folder;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
