using System.Text.Json.Serialization;

namespace Sharpformers.Pipelines;

/// <summary>One candidate for a masked position, as transformers' <c>{score, token, token_str, sequence}</c>.</summary>
/// <param name="Score">The probability.</param>
/// <param name="Token">The token id.</param>
/// <param name="TokenStr">The token decoded.</param>
/// <param name="Sequence">The input with the mask replaced, decoded.</param>
public sealed record FillMaskResult(
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("token")] int Token,
    [property: JsonPropertyName("token_str")] string TokenStr,
    [property: JsonPropertyName("sequence")] string Sequence);

/// <summary>Options of <see cref="FillMaskPipeline"/>, named after transformers' arguments.</summary>
public sealed record FillMaskOptions
{
    /// <summary>Candidates per mask (<c>top_k</c>, default 5).</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Restrict the candidates to these tokens (<c>targets</c>); a word outside the vocabulary stands for its first token.</summary>
    public IReadOnlyList<string>? Targets { get; init; }
}

/// <summary>
/// The <c>fill-mask</c> task over a masked-LM model, as transformers' pipeline: softmax over the vocabulary at each mask,
/// <c>top_k</c> best (among <c>targets</c> when given), the sequence decoded with the candidate in place (padding dropped; special
/// tokens skipped when there is one mask). Thread-safe.
/// </summary>
public sealed class FillMaskPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "fill-mask";

    private static readonly string[] Arguments = ["top_k", "targets"];

    private readonly EncoderRunner runner;

    internal FillMaskPipeline(EncoderRunner runner)
    {
        this.runner = runner;
        var tokenizer = runner.Tokenizer;
        MaskToken = tokenizer.MaskToken ?? (tokenizer.ConvertTokenToId("[MASK]") is not null ? "[MASK]" : tokenizer.ConvertTokenToId("<mask>") is not null ? "<mask>" : null)
            ?? throw new InvalidOperationException($"The tokenizer of '{runner.ModelId}' has no mask token (mask_token in tokenizer_config.json); fill-mask needs one.");
        MaskTokenId = tokenizer.ConvertTokenToId(MaskToken) ?? throw new InvalidOperationException($"The mask token '{MaskToken}' is not in the vocabulary of '{runner.ModelId}'.");
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>The mask token to put in texts (<c>[MASK]</c>, <c>&lt;mask&gt;</c>).</summary>
    public string MaskToken { get; }

    /// <summary>Its id.</summary>
    public int MaskTokenId { get; }

    /// <summary>Fills every mask of one text.</summary>
    /// <param name="text">A text with at least one <see cref="MaskToken"/>.</param>
    /// <param name="options">top_k and targets.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>For each mask in order, its candidates best first.</returns>
    /// <exception cref="ArgumentException">The text has no mask token, or no target is usable.</exception>
    public Task<IReadOnlyList<IReadOnlyList<FillMaskResult>>> FillAsync(string text, FillMaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new FillMaskOptions();
        return System.Threading.Tasks.Task.Run(() => Fill(text, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>As transformers: a text with one mask gives a list of <see cref="FillMaskResult"/>, with several masks a list per mask; a list of texts a list of those.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new FillMaskOptions();
        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            options = name switch
            {
                "top_k" => options with { TopK = KeywordValues.Int(name, value) },
                "targets" => options with { Targets = KeywordValues.Strings(name, value) },
                _ => throw KeywordValues.Unknown(TaskName, name, Arguments),
            };
        }

        async Task<object> One(string text)
        {
            var result = await FillAsync(text, options, cancellationToken).ConfigureAwait(false);
            return result.Count == 1 ? result[0] : result;
        }

        return await TextInputs.EachAsync(TaskName, inputs, One).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    private IReadOnlyList<IReadOnlyList<FillMaskResult>> Fill(string text, FillMaskOptions options, CancellationToken cancellationToken)
    {
        if (options.TopK <= 0)
        {
            throw new ArgumentException($"top_k must be positive, got {options.TopK}", nameof(options));
        }

        var targets = TargetIds(options.Targets);
        var encoding = runner.Encode([text])[0];
        var masks = new List<int>();
        for (var i = 0; i < encoding.Length; i++)
        {
            if (encoding.Ids[i] == MaskTokenId)
            {
                masks.Add(i);
            }
        }

        if (masks.Count == 0)
        {
            throw new ArgumentException($"No mask_token ({MaskToken}) found on the input", nameof(text));
        }

        var tokenizer = runner.Tokenizer;
        var padId = tokenizer.PadTokenId;
        var results = new List<IReadOnlyList<FillMaskResult>>(masks.Count);
        using var output = runner.Run([encoding], 0, 1, cancellationToken);
        var logits = output.Values();
        var vocab = (int)output.Shape[2];
        var probabilities = new float[vocab];
        var ids = encoding.Ids.ToArray();
        foreach (var position in masks)
        {
            ScoreFunctions.Softmax(logits.Slice(position * vocab, vocab), probabilities);
            IEnumerable<int> candidates = targets ?? Enumerable.Range(0, vocab);
            var k = Math.Min(options.TopK, targets?.Length ?? vocab);
            var best = candidates.OrderByDescending(id => probabilities[id]).Take(k);
            var row = new List<FillMaskResult>(k);
            foreach (var id in best)
            {
                var filled = (int[])ids.Clone();
                filled[position] = id;
                var kept = padId is int pad ? filled.Where(t => t != pad).ToArray() : filled;
                var sequence = tokenizer.Decode(kept, skipSpecialTokens: masks.Count == 1);
                row.Add(new FillMaskResult(probabilities[id], id, tokenizer.Decode([id]), sequence));
            }

            results.Add(row);
        }

        return results;
    }

    /// <summary>transformers' <c>get_target_ids</c>: vocabulary entries as they are, other words by their first token, duplicates removed.</summary>
    private int[]? TargetIds(IReadOnlyList<string>? targets)
    {
        if (targets is null)
        {
            return null;
        }

        var ids = new List<int>();
        foreach (var target in targets)
        {
            var id = runner.Tokenizer.ConvertTokenToId(target);
            if (id is null)
            {
                var pieces = runner.Tokenizer.Encode(target, addSpecialTokens: false).Ids;
                if (pieces.Count == 0)
                {
                    continue; // transformers warns and skips a target that tokenizes to nothing
                }

                id = pieces[0];
            }

            if (!ids.Contains(id.Value))
            {
                ids.Add(id.Value);
            }
        }

        return ids.Count > 0 ? [.. ids] : throw new ArgumentException("At least one target must be provided when passed.", nameof(targets));
    }
}
