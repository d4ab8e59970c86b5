using System.Text.Json;

namespace Sharpformers.Tokenization;

/// <summary>
/// Picks the chat template of a tokenizer as transformers does: <c>chat_template</c> is a string, or a list of
/// <c>{"name", "template"}</c> where the requested name wins, else <c>tool_use</c> when tools are given, else <c>default</c>.
/// </summary>
public static class ChatTemplateSelector
{
    /// <summary>The name used when none is requested and no tools are given.</summary>
    public const string DefaultName = "default";

    /// <summary>The name preferred when tools are given.</summary>
    public const string ToolUseName = "tool_use";

    /// <summary>Reads <c>chat_template</c> from a parsed tokenizer_config.json (or chat_template.json).</summary>
    /// <param name="tokenizerConfig">The JSON object of the file.</param>
    /// <param name="name">A template name to pick from a named list; null for the default choice.</param>
    /// <param name="hasTools">Whether tools will be passed (prefers the <c>tool_use</c> template).</param>
    /// <returns>The template source, or null when the config has no <c>chat_template</c>.</returns>
    /// <exception cref="ChatTemplateException">The field has an unexpected shape or the requested/default name is missing.</exception>
    public static string? Select(JsonElement tokenizerConfig, string? name = null, bool hasTools = false)
    {
        if (tokenizerConfig.ValueKind != JsonValueKind.Object
            || !tokenizerConfig.TryGetProperty("chat_template", out var field)
            || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind == JsonValueKind.String)
        {
            return field.GetString();
        }

        if (field.ValueKind != JsonValueKind.Array)
        {
            throw ShapeError($"'chat_template' must be a string or a list of {{\"name\", \"template\"}} objects, got {field.ValueKind}.");
        }

        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in field.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("name", out var entryName) || entryName.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("template", out var entryTemplate) || entryTemplate.ValueKind != JsonValueKind.String)
            {
                throw ShapeError($"'chat_template[{index}]' must be an object with string 'name' and 'template'.");
            }

            templates[entryName.GetString()!] = entryTemplate.GetString()!;
            index++;
        }

        return Choose(templates, name, hasTools);
    }

    /// <summary>Picks a template from named templates with transformers' rules.</summary>
    /// <param name="templates">Templates by name.</param>
    /// <param name="name">The requested name, or null.</param>
    /// <param name="hasTools">Whether tools will be passed.</param>
    /// <returns>The chosen template source.</returns>
    /// <exception cref="ChatTemplateException">The requested or default template is missing.</exception>
    public static string Choose(IReadOnlyDictionary<string, string> templates, string? name = null, bool hasTools = false)
    {
        ArgumentNullException.ThrowIfNull(templates);
        if (name is not null)
        {
            return templates.TryGetValue(name, out var named)
                ? named
                : throw ShapeError($"No chat template named '{name}'; available: {string.Join(", ", templates.Keys)}.");
        }

        if (hasTools && templates.TryGetValue(ToolUseName, out var toolUse))
        {
            return toolUse;
        }

        return templates.TryGetValue(DefaultName, out var fallback)
            ? fallback
            : throw ShapeError($"This tokenizer has several chat templates ({string.Join(", ", templates.Keys)}) and none named '{DefaultName}'; pass a name.");
    }

    /// <summary>
    /// Finds the chat template of a tokenizer folder: <c>chat_template.jinja</c>, else <c>chat_template.json</c>,
    /// else <c>chat_template</c> in <c>tokenizer_config.json</c>.
    /// </summary>
    /// <param name="directory">The model or tokenizer folder.</param>
    /// <param name="name">A template name to pick from a named list; null for the default choice.</param>
    /// <param name="hasTools">Whether tools will be passed.</param>
    /// <returns>The template source, or null when the folder has none.</returns>
    public static string? FromDirectory(string directory, string? name = null, bool hasTools = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var jinjaPath = Path.Combine(directory, "chat_template.jinja");
        if (File.Exists(jinjaPath) && name is null)
        {
            return File.ReadAllText(jinjaPath);
        }

        foreach (var fileName in new[] { "chat_template.json", "tokenizer_config.json" })
        {
            var path = Path.Combine(directory, fileName);
            if (!File.Exists(path))
            {
                continue;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            string? template;
            try
            {
                template = Select(document.RootElement, name, hasTools);
            }
            catch (ChatTemplateException error)
            {
                throw new ChatTemplateException($"{path}: {error.Reason}", error.Kind, 0, 0, error);
            }

            if (template is not null)
            {
                return template;
            }
        }

        return null;
    }

    private static ChatTemplateException ShapeError(string reason) => new(reason, "ValueError", 0, 0);
}
