using Sharpformers.Models;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>feature-extraction</c> task: the encoder's last hidden state, one vector per token (special tokens included), as
/// transformers' <c>pipeline("feature-extraction")</c>. Inputs longer than the model's maximum are truncated to it (transformers
/// would fail inside the model). Thread-safe.
/// </summary>
public sealed class FeatureExtractionPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "feature-extraction";

    private readonly EncoderRunner runner;

    internal FeatureExtractionPipeline(EncoderRunner runner) => this.runner = runner;

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>The encoder.</summary>
    public EncoderModel Model => runner.Model;

    /// <summary>Extracts the token vectors of one text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><c>[tokens][hidden]</c>.</returns>
    public async Task<float[][]> ExtractAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (await ExtractAsync([text], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Extracts the token vectors of several texts (run as one padded batch; padding positions are left out).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>For each text, <c>[tokens][hidden]</c>.</returns>
    public Task<float[][][]> ExtractAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return System.Threading.Tasks.Task.Run(() => Extract(texts, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>As transformers: a string gives <c>[1][tokens][hidden]</c>, a list one such value per text. No arguments are taken.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        if (kwargs is { Count: > 0 })
        {
            throw KeywordValues.Unknown(TaskName, kwargs.Keys.First(), []);
        }

        return inputs switch
        {
            string text => new[] { await ExtractAsync(text, cancellationToken).ConfigureAwait(false) },
            IReadOnlyList<string> texts => Array.ConvertAll(await ExtractAsync(texts, cancellationToken).ConfigureAwait(false), t => new[] { t }),
            _ => throw TextInputs.Unsupported(TaskName, inputs),
        };
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    private float[][][] Extract(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var encodings = runner.Encode(texts);
        using var output = runner.Run(encodings, 0, encodings.Count, cancellationToken);
        var states = output.Values();
        var hidden = (int)output.Shape[2];
        var result = new float[texts.Count][][];
        for (var r = 0; r < texts.Count; r++)
        {
            var rows = new float[encodings[r].Length][];
            for (var t = 0; t < rows.Length; t++)
            {
                rows[t] = states.Slice(((r * output.SequenceLength) + t) * hidden, hidden).ToArray();
            }

            result[r] = rows;
        }

        return result;
    }
}
