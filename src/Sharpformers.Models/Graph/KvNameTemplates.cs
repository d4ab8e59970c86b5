using System.Globalization;
using System.Text.RegularExpressions;

namespace Sharpformers.Models;

/// <summary>
/// Printf-style templates (<c>past_key_values.%d.key</c>) that pair each past input with its present output. The defaults cover
/// Optimum, transformers.js and onnxruntime-genai; a <c>genai_config.json</c> adds its own names first.
/// </summary>
internal sealed class KvNameTemplates
{
    private static readonly (string Past, string Present)[] Defaults =
    [
        ("past_key_values.%d.key", "present.%d.key"),
        ("past_key_values.%d.value", "present.%d.value"),
        ("past_key_values.%d.key_value", "present.%d.key_value"),
        ("past_key_values.%d", "present.%d"),
        ("past.%d.key", "present.%d.key"),
        ("past.%d.value", "present.%d.value"),
        ("past_key_%d", "present_key_%d"),
        ("past_value_%d", "present_value_%d"),
        ("past_%d", "present_%d"),
    ];

    private readonly List<(Regex Past, string Present)> templates = [];

    public KvNameTemplates(GenAiConfig? genAi)
    {
        if (genAi is not null)
        {
            Add(genAi.InputOrNull("past_key_names"), genAi.OutputOrNull("present_key_names") ?? "present.%d.key");
            Add(genAi.InputOrNull("past_value_names"), genAi.OutputOrNull("present_value_names") ?? "present.%d.value");
            Add(genAi.InputOrNull("past_names"), genAi.OutputOrNull("present_names") ?? "present_%d");
        }

        foreach (var (past, present) in Defaults)
        {
            Add(past, present);
        }
    }

    /// <summary>The layer index and expected present output name of a past input, or <see langword="false"/> when it is not one.</summary>
    public bool TryMatch(string inputName, out int layer, out string presentName)
    {
        foreach (var (past, present) in templates)
        {
            var match = past.Match(inputName);
            if (match.Success)
            {
                layer = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                presentName = present.Replace("%d", match.Groups[1].Value, StringComparison.Ordinal);
                return true;
            }
        }

        layer = -1;
        presentName = string.Empty;
        return false;
    }

    private void Add(string? past, string present)
    {
        if (past is null || !past.Contains("%d", StringComparison.Ordinal))
        {
            return;
        }

        var pattern = "^" + Regex.Escape(past).Replace("%d", "([0-9]+)", StringComparison.Ordinal) + "$";
        templates.Add((new Regex(pattern, RegexOptions.CultureInvariant), present));
    }
}
