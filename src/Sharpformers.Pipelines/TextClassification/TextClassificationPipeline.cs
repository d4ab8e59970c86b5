using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>text-classification</c> (<c>sentiment-analysis</c>) task over a sequence-classification model, as transformers'
/// pipeline: texts or text pairs, <c>top_k</c>, and <c>function_to_apply</c> chosen from <c>problem_type</c> and the number of
/// labels when not given. Inputs longer than the model's maximum are truncated. Thread-safe.
/// </summary>
public sealed class TextClassificationPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "text-classification";

    private static readonly string[] Arguments = ["top_k", "function_to_apply", "batch_size"];

    private readonly EncoderRunner runner;

    internal TextClassificationPipeline(EncoderRunner runner)
    {
        this.runner = runner;
        Labels = runner.Model.Labels ?? throw new InvalidOperationException("a text-classification model needs a classification head");
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>The model's labels.</summary>
    public EncoderLabels Labels { get; }

    /// <summary>The function transformers applies when none is asked for: none for regression, sigmoid for multi-label or one label, softmax otherwise.</summary>
    public ClassificationFunction DefaultFunction => Labels.ProblemType switch
    {
        "regression" => ClassificationFunction.None,
        "multi_label_classification" => ClassificationFunction.Sigmoid,
        _ when Labels.Count == 1 => ClassificationFunction.Sigmoid,
        _ => ClassificationFunction.Softmax,
    };

    /// <summary>Classifies one text or text pair.</summary>
    /// <param name="input">The text (a string converts implicitly) or pair.</param>
    /// <param name="options">top_k and function_to_apply.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The labels, best first.</returns>
    public async Task<IReadOnlyList<LabelScore>> ClassifyAsync(TextClassificationInput input, TextClassificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (await ClassifyAsync([input], options, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Classifies several texts or pairs in padded batches.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="options">top_k, function_to_apply and batch size.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>For each input, its labels, best first.</returns>
    public Task<IReadOnlyList<IReadOnlyList<LabelScore>>> ClassifyAsync(
        IReadOnlyList<TextClassificationInput> inputs, TextClassificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new TextClassificationOptions();
        return System.Threading.Tasks.Task.Run(() => Classify(inputs, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Shapes as transformers: without <c>top_k</c>, a string gives <c>[{label, score}]</c> and a list one <c>{label, score}</c> per
    /// input; with <c>top_k</c> (a number, or null for all), a string gives a list of <see cref="LabelScore"/> and a list one such list per input.
    /// Inputs: a string, a <see cref="TextClassificationInput"/>, or a list of either.
    /// </remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new TextClassificationOptions();
        var legacy = true;
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            switch (name)
            {
                case "top_k":
                    options = options with { TopK = KeywordValues.NullableInt(name, value) };
                    legacy = false;
                    break;
                case "function_to_apply":
                    options = options with { FunctionToApply = ParseFunction(KeywordValues.String(name, value)) };
                    break;
                case "batch_size":
                    options = options with { BatchSize = KeywordValues.Int(name, value) };
                    break;
                default:
                    throw KeywordValues.Unknown(TaskName, name, Arguments);
            }
        }

        var (list, single) = inputs switch
        {
            string text => ([new TextClassificationInput(text)], true),
            TextClassificationInput pair => ([pair], false),
            IReadOnlyList<string> texts => ([.. texts.Select(t => new TextClassificationInput(t))], false),
            IReadOnlyList<TextClassificationInput> pairs => (pairs, false),
            null => throw new ArgumentNullException(nameof(inputs)),
            _ => throw new ArgumentException($"{TaskName} takes a string, a TextClassificationInput or a list of either, not {inputs.GetType().Name}", nameof(inputs)),
        };
        var results = await ClassifyAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (legacy)
        {
            var best = results.Select(r => r[0]).ToArray();
            return inputs is TextClassificationInput ? best[0] : best;
        }

        return single || inputs is TextClassificationInput ? results[0] : results;
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    /// <summary>Reads a <c>function_to_apply</c> name.</summary>
    internal static ClassificationFunction? ParseFunction(string name) => name.ToLowerInvariant() switch
    {
        "none" => ClassificationFunction.None,
        "sigmoid" => ClassificationFunction.Sigmoid,
        "softmax" => ClassificationFunction.Softmax,
        "default" => null,
        _ => throw new ArgumentException($"function_to_apply '{name}' is not one of none, sigmoid, softmax", "function_to_apply"),
    };

    private IReadOnlyList<IReadOnlyList<LabelScore>> Classify(IReadOnlyList<TextClassificationInput> inputs, TextClassificationOptions options, CancellationToken cancellationToken)
    {
        if (options.TopK is <= 0)
        {
            throw new ArgumentException($"top_k must be positive, got {options.TopK}", nameof(options));
        }

        if (inputs.Count == 0)
        {
            return [];
        }

        var texts = inputs.Select(i => i?.Text ?? throw new ArgumentException("an input is null", nameof(inputs))).ToArray();
        string[]? pairs = inputs.Any(i => i.TextPair is not null) ? [.. inputs.Select(i => i.TextPair ?? throw new ArgumentException("mix of single texts and pairs in one call", nameof(inputs)))] : null;
        var encodings = runner.Encode(texts, pairs);
        var function = options.FunctionToApply ?? DefaultFunction;
        var results = new IReadOnlyList<LabelScore>[inputs.Count];
        var scores = new float[Labels.Count];
        for (var start = 0; start < inputs.Count; start += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, inputs.Count - start);
            using var output = runner.Run(encodings, start, count, cancellationToken);
            var logits = output.Values();
            for (var r = 0; r < count; r++)
            {
                var row = logits.Slice(r * Labels.Count, Labels.Count);
                Apply(function, row, scores);
                results[start + r] = Rank(scores, options.TopK);
            }
        }

        return results;
    }

    internal static void Apply(ClassificationFunction function, ReadOnlySpan<float> logits, Span<float> scores)
    {
        switch (function)
        {
            case ClassificationFunction.Softmax:
                ScoreFunctions.Softmax(logits, scores);
                break;
            case ClassificationFunction.Sigmoid:
                ScoreFunctions.Sigmoid(logits, scores);
                break;
            default:
                logits.CopyTo(scores);
                break;
        }
    }

    /// <summary>Labels by decreasing score (stable, as Python's <c>sort</c>), cut to <paramref name="topK"/>.</summary>
    private LabelScore[] Rank(ReadOnlySpan<float> scores, int? topK)
    {
        var all = new LabelScore[scores.Length];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = new LabelScore(Labels[i], scores[i]);
        }

        var sorted = all.OrderByDescending(s => s.Score).ToArray();
        return topK is int k && k < sorted.Length ? sorted[..k] : sorted;
    }
}
