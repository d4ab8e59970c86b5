namespace Sharpformers.Generation.Stopping;

/// <summary>transformers' <c>MaxLengthCriteria</c>: done once the sequence (prompt included) reaches the maximum length.</summary>
/// <param name="maxLength">The total maximum length.</param>
public sealed class MaxLengthCriteria(int maxLength) : IStoppingCriteria
{
    /// <summary>The total maximum length.</summary>
    public int MaxLength { get; } = maxLength;

    /// <inheritdoc />
    public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores) => sequence.Length >= MaxLength;
}
