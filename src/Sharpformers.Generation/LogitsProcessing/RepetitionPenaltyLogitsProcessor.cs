using System.Buffers;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>RepetitionPenaltyLogitsProcessor</c>: every distinct token already in the sequence (prompt and
/// left padding included) has its score divided by the penalty when positive, multiplied when negative.
/// </summary>
public sealed class RepetitionPenaltyLogitsProcessor : ILogitsProcessor
{
    private readonly float _penalty;

    /// <summary>Creates the processor.</summary>
    /// <param name="penalty">The penalty (<c>repetition_penalty</c>), strictly positive; 1 changes nothing.</param>
    public RepetitionPenaltyLogitsProcessor(float penalty)
    {
        if (!(penalty > 0) || float.IsInfinity(penalty))
        {
            throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "repetition_penalty must be a strictly positive number");
        }

        _penalty = penalty;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var seen = ArrayPool<bool>.Shared.Rent(scores.Length);
        try
        {
            Array.Clear(seen, 0, scores.Length);
            foreach (var id in sequence)
            {
                if ((ulong)id >= (ulong)scores.Length || seen[id])
                {
                    continue;
                }

                seen[id] = true;
                var score = scores[(int)id];
                scores[(int)id] = score < 0 ? score * _penalty : score / _penalty;
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(seen);
        }
    }
}
