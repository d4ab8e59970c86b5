using System.Text.Json;
using System.Text.Json.Nodes;
using Sharpformers.Testing;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// The generated Llama-style models of the scaling benchmark (vocabulary 32000, fp32, Optimum layout so that both
/// runners load the same <c>model.onnx</c>), written once under <c>artifacts/scaling-models/&lt;size&gt;</c>.
/// </summary>
internal static class ScalingModels
{
    /// <summary>The shapes by name; "tiny" is for smoke runs.</summary>
    public static readonly IReadOnlyDictionary<string, TestModelOptions> Shapes = new Dictionary<string, TestModelOptions>
    {
        ["tiny"] = Llama(layers: 2, hidden: 64, heads: 4, kvHeads: 2, vocab: 1024),
        ["10M"] = Llama(layers: 6, hidden: 128, heads: 4, kvHeads: 2, vocab: 32000),   // 9.3M parameters
        ["50M"] = Llama(layers: 6, hidden: 512, heads: 8, kvHeads: 4, vocab: 32000),   // 50.1M
        ["150M"] = Llama(layers: 16, hidden: 768, heads: 12, kvHeads: 4, vocab: 32000), // 149.9M
    };

    /// <summary>The folder of <paramref name="size"/>, generated if missing or written from other options.</summary>
    public static string Folder(string size)
    {
        var options = Shapes[size];
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "scaling-models", size);
        var stamp = Path.Combine(folder, "options.json");
        var expected = JsonSerializer.Serialize(options);
        if (!File.Exists(stamp) || File.ReadAllText(stamp) != expected)
        {
            TestModel.Create(options).WriteTo(folder);
            File.WriteAllText(stamp, expected);
        }

        return folder;
    }

    /// <summary>
    /// A twin of <paramref name="size"/>'s folder for onnxruntime-genai with <c>intra_op_num_threads</c> set in its
    /// <c>genai_config.json</c> session options (the other files are links to the original ones).
    /// </summary>
    public static string GenAiFolderWithThreads(string size, int intraOpThreads) =>
        GenAiTwin(Folder(size), Path.Combine(RepositoryRoot.Path, "artifacts", "scaling-models", $"{size}-genai-{intraOpThreads}-threads"), intraOpThreads);

    /// <summary>
    /// Writes into <paramref name="folder"/> a twin of the model folder <paramref name="source"/> whose <c>genai_config.json</c>
    /// sets <c>intra_op_num_threads</c> (other files are links to the originals, so fixtures are never copied).
    /// </summary>
    public static string GenAiTwin(string source, string folder, int intraOpThreads)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            if (Path.GetFileName(file) != "genai_config.json" && !File.Exists(target))
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "genai_config.json")))!;
        config["model"]!["decoder"]!["session_options"]!["intra_op_num_threads"] = intraOpThreads;
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());
        return folder;
    }

    private static TestModelOptions Llama(int layers, int hidden, int heads, int kvHeads, int vocab) => new()
    {
        Family = ModelFamily.Llama,
        NumLayers = layers,
        HiddenSize = hidden,
        NumHeads = heads,
        NumKeyValueHeads = kvHeads,
        VocabSize = vocab,
        MaxPositions = 2304,
        Layout = ExportLayout.Optimum,
        Seed = 1,
    };
}
