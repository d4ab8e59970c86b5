using System.Text.Json.Nodes;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// The tiny Llama fixture in a temporary folder (its files linked, not copied) with a 128-token context and a chat
/// template that misbehaves on cue: <c>boom</c> raises, <c>explode</c> builds a billion-character string, <c>spin</c>
/// runs two nested 100,000-step loops. Anything a Hub repository could ship.
/// </summary>
public sealed class HostileModelFolder : IDisposable
{
    public const int Context = 128;

    private const string Template =
        "{% for m in messages %}"
        + "{% if m.content == 'boom' %}{{ raise_exception('the template refuses boom') }}{% endif %}"
        + "{% if m.content == 'explode' %}{{ 'a' * 1000000000 }}{% endif %}"
        + "{% if m.content == 'spin' %}{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{% endif %}"
        + "<|{{ m.role }}|>{{ m.content }}"
        + "{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";

    /// <summary>The fixture this folder is made from, below the fixtures root.</summary>
    public static readonly string[] SourceFixture = ["models", "tiny-random-llama-fp16"];

    /// <summary>Whether the source fixture is present (so the folder can be made).</summary>
    public static bool IsAvailable => Directory.Exists(System.IO.Path.Combine([Fixtures.Root, .. SourceFixture]));

    public HostileModelFolder()
    {
        var source = Fixtures.Require(SourceFixture);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sf-hostile-" + Guid.NewGuid().ToString("N"), "tiny-hostile-llama");
        Directory.CreateDirectory(Path);
        foreach (var file in Directory.GetFiles(source))
        {
            var name = System.IO.Path.GetFileName(file);
            var target = System.IO.Path.Combine(Path, name);
            switch (name)
            {
                case "config.json":
                    Rewrite(file, target, json => json["max_position_embeddings"] = Context);
                    break;
                case "genai_config.json":
                    Rewrite(file, target, json => json["model"]!["context_length"] = Context);
                    break;
                case "tokenizer_config.json":
                    Rewrite(file, target, json => json["chat_template"] = Template);
                    break;
                default:
                    File.CreateSymbolicLink(target, file);
                    break;
            }
        }
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);

    private static void Rewrite(string source, string target, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(source))!;
        change(json);
        File.WriteAllText(target, json.ToJsonString());
    }
}
