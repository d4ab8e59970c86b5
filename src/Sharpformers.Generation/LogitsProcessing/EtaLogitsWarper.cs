namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>EtaLogitsWarper</c>: tokens with probability below min(ε, √ε·e^(−H)) (H the entropy) become −∞,
/// except the <c>min_tokens_to_keep</c> most likely.
/// </summary>
public sealed class EtaLogitsWarper : ILogitsProcessor
{
    private readonly float _epsilon;
    private readonly int _minTokensToKeep;

    /// <summary>Creates the warper.</summary>
    /// <param name="epsilon">ε (<c>eta_cutoff</c>), strictly between 0 and 1.</param>
    /// <param name="minTokensToKeep">The least number of tokens kept, at least 1.</param>
    public EtaLogitsWarper(float epsilon, int minTokensToKeep = 1)
    {
        if (!(epsilon > 0 && epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "eta_cutoff must be a number strictly between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minTokensToKeep, 1, nameof(minTokensToKeep));
        _epsilon = epsilon;
        _minTokensToKeep = minTokensToKeep;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores) =>
        ProbabilityCutoff.Apply(scores, entropy => MathF.Min(_epsilon, MathF.Sqrt(_epsilon) * MathF.Exp(-entropy)), _minTokensToKeep);
}
