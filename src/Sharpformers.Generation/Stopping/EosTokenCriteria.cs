namespace Sharpformers.Generation.Stopping;

/// <summary>transformers' <c>EosTokenCriteria</c>: done when the last token is any of the end-of-sequence ids.</summary>
public sealed class EosTokenCriteria : IStoppingCriteria
{
    private readonly long[] _eos;

    /// <summary>Creates the criterion.</summary>
    /// <param name="eosTokenIds">The end-of-sequence ids (one or more).</param>
    public EosTokenCriteria(IReadOnlyList<int> eosTokenIds)
    {
        ArgumentNullException.ThrowIfNull(eosTokenIds);
        _eos = new long[eosTokenIds.Count];
        for (var i = 0; i < _eos.Length; i++)
        {
            _eos[i] = eosTokenIds[i];
        }
    }

    /// <inheritdoc />
    public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores) =>
        sequence.Length > 0 && _eos.AsSpan().Contains(sequence[^1]);
}
