using System.Globalization;
using System.Text.Json.Serialization;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>The result of zero-shot classification of one sequence, as transformers' <c>{"sequence", "labels", "scores"}</c>: labels best first.</summary>
/// <param name="Sequence">The classified text.</param>
/// <param name="Labels">The candidate labels by decreasing score.</param>
/// <param name="Scores">Their scores, in the same order.</param>
public sealed record ZeroShotClassificationResult(
    [property: JsonPropertyName("sequence")] string Sequence,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("scores")] IReadOnlyList<float> Scores);

/// <summary>Options of <see cref="ZeroShotClassificationPipeline"/>, named after transformers' arguments.</summary>
public sealed record ZeroShotClassificationOptions
{
    /// <summary>The hypothesis each label is put in (<c>hypothesis_template</c>, default <c>"This example is {}."</c>).</summary>
    public string HypothesisTemplate { get; init; } = "This example is {}.";

    /// <summary>Score each label independently (entailment vs contradiction) instead of a softmax across labels (<c>multi_label</c>).</summary>
    public bool MultiLabel { get; init; }
}

/// <summary>
/// The <c>zero-shot-classification</c> task over an NLI model, as transformers: each candidate label becomes the hypothesis
/// <c>hypothesis_template.format(label)</c> paired with the sequence (the sequence truncated, <c>only_first</c>); the entailment
/// logit is found from <c>label2id</c> (the first label starting with "entail", else the last index). Single-label: softmax of the
/// entailment logits across labels; <c>multi_label</c> (or a single label): softmax over contradiction and entailment per label. Thread-safe.
/// </summary>
public sealed class ZeroShotClassificationPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "zero-shot-classification";

    private static readonly string[] Arguments = ["candidate_labels", "hypothesis_template", "multi_label"];

    private readonly EncoderRunner runner;

    internal ZeroShotClassificationPipeline(EncoderRunner runner)
    {
        this.runner = runner;
        var labels = runner.Model.Labels ?? throw new InvalidOperationException("a zero-shot model needs a classification head");
        EntailmentId = -1;
        foreach (var (label, id) in labels.Ids)
        {
            if (label.StartsWith("entail", StringComparison.OrdinalIgnoreCase))
            {
                EntailmentId = id;
                break;
            }
        }

        LabelCount = labels.Count;
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>The index of the entailment logit from <c>label2id</c>, or -1 (the last) when no label starts with "entail".</summary>
    public int EntailmentId { get; }

    private int LabelCount { get; }

    /// <summary>Classifies one sequence against candidate labels.</summary>
    /// <param name="sequence">The text.</param>
    /// <param name="candidateLabels">The labels (at least one).</param>
    /// <param name="options">Template and multi-label mode.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The labels by decreasing score.</returns>
    /// <exception cref="ArgumentException">No labels, or a template without <c>{}</c>.</exception>
    public Task<ZeroShotClassificationResult> ClassifyAsync(
        string sequence, IReadOnlyList<string> candidateLabels, ZeroShotClassificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(candidateLabels);
        options ??= new ZeroShotClassificationOptions();
        return System.Threading.Tasks.Task.Run(() => Classify(sequence, candidateLabels, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Inputs: a string or a list of strings; <c>candidate_labels</c> (a list, or a comma-separated string) is required. A string gives one result, a list a list.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new ZeroShotClassificationOptions();
        IReadOnlyList<string>? labels = null;
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            switch (name)
            {
                case "candidate_labels":
                    labels = value is string text ? ParseLabels(text) : KeywordValues.Strings(name, value);
                    break;
                case "hypothesis_template":
                    options = options with { HypothesisTemplate = KeywordValues.String(name, value) };
                    break;
                case "multi_label":
                    options = options with { MultiLabel = KeywordValues.Bool(name, value) };
                    break;
                default:
                    throw KeywordValues.Unknown(TaskName, name, Arguments);
            }
        }

        if (labels is null)
        {
            throw new ArgumentException("zero-shot-classification needs candidate_labels", nameof(kwargs));
        }

        return await TextInputs.EachAsync(TaskName, inputs, sequence => ClassifyAsync(sequence, labels, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    /// <summary>transformers' <c>_parse_labels</c>: a comma-separated string split and stripped, empty entries dropped.</summary>
    internal static string[] ParseLabels(string labels) =>
        [.. labels.Split(',').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private ZeroShotClassificationResult Classify(string sequence, IReadOnlyList<string> candidateLabels, ZeroShotClassificationOptions options, CancellationToken cancellationToken)
    {
        if (candidateLabels.Count == 0)
        {
            throw new ArgumentException("You must include at least one label and at least one sequence (candidate_labels is empty).", nameof(candidateLabels));
        }

        var template = options.HypothesisTemplate;
        if (!template.Contains("{}", StringComparison.Ordinal) || string.Format(CultureInfo.InvariantCulture, Python(template), candidateLabels[0]) == template)
        {
            throw new ArgumentException(
                $"The provided hypothesis_template \"{template}\" was not able to be formatted with the target labels. Make sure the passed template includes formatting syntax such as {{}} where the label should go.",
                nameof(options));
        }

        var hypotheses = candidateLabels.Select(l => string.Format(CultureInfo.InvariantCulture, Python(template), l)).ToArray();
        var sequences = Enumerable.Repeat(sequence, hypotheses.Length).ToArray();
        var encodings = runner.Tokenizer.EncodeBatch(sequences, new EncodeBatchOptions
        {
            Pairs = hypotheses, Truncation = true, MaxLength = runner.MaxLength, TruncationStrategy = TruncationStrategy.OnlyFirst,
        });
        var n = candidateLabels.Count;
        var logits = new float[n * LabelCount];
        using (var output = runner.Run(encodings, 0, n, cancellationToken))
        {
            output.Values()[..logits.Length].CopyTo(logits);
        }

        var entailment = EntailmentId < 0 ? LabelCount - 1 : EntailmentId;
        var scores = new float[n];
        if (options.MultiLabel || n == 1)
        {
            var contradiction = EntailmentId == 0 ? LabelCount - 1 : 0;
            for (var i = 0; i < n; i++)
            {
                var e = MathF.Exp(logits[(i * LabelCount) + entailment]);
                var c = MathF.Exp(logits[(i * LabelCount) + contradiction]);
                scores[i] = e / (c + e);
            }
        }
        else
        {
            var sum = 0f;
            for (var i = 0; i < n; i++)
            {
                scores[i] = MathF.Exp(logits[(i * LabelCount) + entailment]);
                sum += scores[i];
            }

            for (var i = 0; i < n; i++)
            {
                scores[i] /= sum;
            }
        }

        // numpy: reversed(argsort(scores)) — ascending stable order reversed, so equal scores come out last-index first.
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).Reverse().ToArray();
        return new ZeroShotClassificationResult(sequence, [.. order.Select(i => candidateLabels[i])], [.. order.Select(i => scores[i])]);
    }

    /// <summary>Turns Python's <c>{}</c> placeholder into .NET's <c>{0}</c>, escaping other braces.</summary>
    private static string Python(string template) =>
        template.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal).Replace("{{}}", "{0}", StringComparison.Ordinal);
}
