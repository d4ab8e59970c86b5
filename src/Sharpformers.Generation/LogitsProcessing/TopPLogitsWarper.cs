namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>TopPLogitsWarper</c> (nucleus): sorted ascending, tokens whose cumulative probability is at most
/// 1 − top_p become −∞; the <c>min_tokens_to_keep</c> most likely always stay.
/// </summary>
public sealed class TopPLogitsWarper : ILogitsProcessor
{
    private readonly float _topP;
    private readonly int _minTokensToKeep;

    /// <summary>Creates the warper.</summary>
    /// <param name="topP">The probability mass kept (<c>top_p</c>), in [0, 1].</param>
    /// <param name="minTokensToKeep">The least number of tokens kept, at least 1.</param>
    public TopPLogitsWarper(float topP, int minTokensToKeep = 1)
    {
        if (!(topP >= 0 && topP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topP), topP, "top_p must be a number in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minTokensToKeep, 1, nameof(minTokensToKeep));
        _topP = topP;
        _minTokensToKeep = minTokensToKeep;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        using var sorted = new SortedScores(scores);
        var probabilities = sorted.Work;
        ScoreMath.Softmax(sorted.Keys, probabilities);
        var cutoff = 1f - _topP;
        var keepFrom = sorted.Length - _minTokensToKeep;
        float cumulative = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            cumulative += probabilities[i];
            if (cumulative <= cutoff && i < keepFrom)
            {
                scores[sorted.Indices[i]] = float.NegativeInfinity;
            }
        }
    }
}
