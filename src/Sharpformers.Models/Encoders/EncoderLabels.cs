using System.Globalization;
using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>
/// The label names of a classification head: <c>id2label</c> / <c>label2id</c> of config.json, and <c>problem_type</c>
/// (<c>single_label_classification</c>, <c>multi_label_classification</c> or <c>regression</c>, null when unset).
/// Without <c>id2label</c> the labels are transformers' defaults <c>LABEL_0</c>, <c>LABEL_1</c>, ...
/// </summary>
public sealed class EncoderLabels
{
    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    private EncoderLabels(string[] names, Dictionary<string, int> ids, string? problemType)
    {
        this.names = names;
        this.ids = ids;
        ProblemType = problemType;
    }

    /// <summary>The number of labels.</summary>
    public int Count => names.Length;

    /// <summary><c>id2label</c>: the name of each label index.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary><c>label2id</c>: the index of each label name.</summary>
    public IReadOnlyDictionary<string, int> Ids => ids;

    /// <summary><c>problem_type</c> of config.json, or <see langword="null"/>.</summary>
    public string? ProblemType { get; }

    /// <summary>The name of label <paramref name="id"/>.</summary>
    /// <param name="id">The label index.</param>
    /// <returns>Its name.</returns>
    public string this[int id] => names[id];

    /// <summary>Reads the labels of a configuration (<c>id2label</c>, <c>label2id</c>, <c>num_labels</c>, <c>problem_type</c>).</summary>
    /// <param name="config">The model's config.json.</param>
    /// <returns>The labels.</returns>
    public static EncoderLabels FromConfig(PretrainedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return From(config, null);
    }

    internal static EncoderLabels From(PretrainedConfig config, int? graphCount)
    {
        var problemType = config["problem_type"] is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
        var map = new SortedDictionary<int, string>();
        if (config["id2label"] is { ValueKind: JsonValueKind.Object } id2Label)
        {
            foreach (var entry in id2Label.EnumerateObject())
            {
                if (!int.TryParse(entry.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"{config.SourcePath ?? "config"}: id2label entry '{entry.Name}' must map an integer id to a string.");
                }

                map[id] = entry.Value.GetString()!;
            }
        }

        var count = graphCount ?? (map.Count > 0 ? map.Keys.Max() + 1 : ConfigCount(config));
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = map.TryGetValue(i, out var name) ? name : "LABEL_" + i.ToString(CultureInfo.InvariantCulture);
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (config["label2id"] is { ValueKind: JsonValueKind.Object } label2Id)
        {
            foreach (var entry in label2Id.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out var id))
                {
                    ids[entry.Name] = id;
                }
            }
        }

        for (var i = 0; i < names.Length; i++)
        {
            ids.TryAdd(names[i], i);
        }

        return new EncoderLabels(names, ids, problemType);
    }

    private static int ConfigCount(PretrainedConfig config) =>
        config["num_labels"] is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var count) ? count : 2;
}
