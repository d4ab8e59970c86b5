using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>token-classification</c> (<c>ner</c>) task over a token-classification model, as transformers' pipeline: per-token
/// softmax, special tokens skipped, subwords told apart by the tokenizer's continuing-subword prefix (else the whitespace
/// heuristic), <c>aggregation_strategy</c> none/simple/first/average/max, <c>ignore_labels</c>. Inputs longer than the model's
/// maximum are truncated. Thread-safe.
/// </summary>
public sealed class TokenClassificationPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "token-classification";

    private static readonly string[] Arguments = ["aggregation_strategy", "ignore_labels"];

    private readonly EncoderRunner runner;
    private readonly EncoderLabels labels;

    internal TokenClassificationPipeline(EncoderRunner runner)
    {
        this.runner = runner;
        labels = runner.Model.Labels ?? throw new InvalidOperationException("a token-classification model needs a classification head");
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>Labels the tokens of one text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">Aggregation and ignored labels.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The tokens or entities in text order.</returns>
    public Task<IReadOnlyList<TokenClassificationEntity>> ClassifyAsync(string text, TokenClassificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new TokenClassificationOptions();
        return System.Threading.Tasks.Task.Run(() => Classify(text, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A string gives a list of entities, a list of strings one list per text. Arguments: <c>aggregation_strategy</c>, <c>ignore_labels</c>.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new TokenClassificationOptions();
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            options = name switch
            {
                "aggregation_strategy" => options with { AggregationStrategy = ParseStrategy(KeywordValues.String(name, value)) },
                "ignore_labels" => options with { IgnoreLabels = KeywordValues.Strings(name, value) },
                _ => throw KeywordValues.Unknown(TaskName, name, Arguments),
            };
        }

        return await TextInputs.EachAsync(TaskName, inputs, text => ClassifyAsync(text, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    /// <summary>Reads an <c>aggregation_strategy</c> name.</summary>
    internal static AggregationStrategy ParseStrategy(string name) => name.ToLowerInvariant() switch
    {
        "none" => AggregationStrategy.None,
        "simple" => AggregationStrategy.Simple,
        "first" => AggregationStrategy.First,
        "average" => AggregationStrategy.Average,
        "max" => AggregationStrategy.Max,
        _ => throw new ArgumentException($"aggregation_strategy '{name}' is not one of none, simple, first, average, max", "aggregation_strategy"),
    };

    private IReadOnlyList<TokenClassificationEntity> Classify(string text, TokenClassificationOptions options, CancellationToken cancellationToken)
    {
        var encoding = runner.Encode([text])[0];
        var n = labels.Count;
        var scores = new float[encoding.Length * n];
        using (var output = runner.Run([encoding], 0, 1, cancellationToken))
        {
            var logits = output.Values();
            for (var t = 0; t < encoding.Length; t++)
            {
                ScoreFunctions.Softmax(logits.Slice(t * n, n), scores.AsSpan(t * n, n));
            }
        }

        var tokens = TokenAggregation.Gather(runner.Tokenizer, text, encoding, scores, n, options.AggregationStrategy);
        var entities = new TokenAggregation(runner.Tokenizer, labels).Aggregate(tokens, options.AggregationStrategy);
        var ignored = new HashSet<string>(options.IgnoreLabels, StringComparer.Ordinal);
        return [.. entities.Where(e => !ignored.Contains(e.Entity ?? e.EntityGroup!))];
    }
}
