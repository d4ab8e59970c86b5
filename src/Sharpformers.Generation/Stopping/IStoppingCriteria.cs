namespace Sharpformers.Generation.Stopping;

/// <summary>Decides, after each new token, whether one sequence is finished (transformers' <c>StoppingCriteria</c>, one row at a time).</summary>
public interface IStoppingCriteria
{
    /// <summary>Whether the row is finished.</summary>
    /// <param name="sequence">The row's tokens including the one just chosen.</param>
    /// <param name="scores">The processed scores the token was chosen from (log-probabilities in beam search).</param>
    /// <returns><see langword="true"/> to stop this row.</returns>
    bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores);
}
