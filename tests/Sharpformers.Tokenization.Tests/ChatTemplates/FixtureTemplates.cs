using System.Text.Json;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>A chat template found in the fixtures, with the special tokens its tokenizer config declares.</summary>
public sealed record FixtureTemplate(string Id, string Source, string? BosToken, string? EosToken)
{
    public override string ToString() => Id;
}

/// <summary>
/// Every chat template in the fixtures: chat-templates/*.jinja, chat-templates/configs/**/chat_template.jinja,
/// chat_template.json and tokenizer_config.json files (string or named list), and the tokenizer_config.json
/// of models/* and tokenizers/*.
/// </summary>
public static class FixtureTemplates
{
    public static IReadOnlyList<FixtureTemplate> Load(string fixturesRoot)
    {
        var result = new List<FixtureTemplate>();
        var chatTemplates = Path.Combine(fixturesRoot, "chat-templates");
        foreach (var path in Directory.EnumerateFiles(chatTemplates, "*.jinja", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var (bos, eos) = TokensBeside(Path.GetDirectoryName(path)!);
            result.Add(new FixtureTemplate(Relative(fixturesRoot, path), File.ReadAllText(path), bos ?? "<s>", eos ?? "</s>"));
        }

        var configs = Directory.EnumerateFiles(chatTemplates, "*.json", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(fixturesRoot, "models"), "tokenizer_config.json", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(fixturesRoot, "tokenizers"), "tokenizer_config.json", SearchOption.AllDirectories))
            .Where(path => Path.GetFileName(path) is "tokenizer_config.json" or "chat_template.json")
            .Order(StringComparer.Ordinal);
        foreach (var path in configs)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("chat_template", out var field))
            {
                continue;
            }

            var (bos, eos) = TokensBeside(Path.GetDirectoryName(path)!);
            var id = Relative(fixturesRoot, path);
            if (field.ValueKind == JsonValueKind.String)
            {
                result.Add(new FixtureTemplate(id, field.GetString()!, bos, eos));
            }
            else if (field.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in field.EnumerateArray())
                {
                    result.Add(new FixtureTemplate($"{id}#{entry.GetProperty("name").GetString()}", entry.GetProperty("template").GetString()!, bos, eos));
                }
            }
        }

        return result;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static (string? Bos, string? Eos) TokensBeside(string directory)
    {
        var path = Path.Combine(directory, "tokenizer_config.json");
        if (!File.Exists(path))
        {
            return (null, null);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return (Token(document.RootElement, "bos_token"), Token(document.RootElement, "eos_token"));
    }

    private static string? Token(JsonElement config, string name)
    {
        if (!config.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) => content.GetString(),
            _ => null,
        };
    }
}
