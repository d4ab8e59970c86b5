using System.Buffers;
using System.Numerics.Tensors;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>MinPLogitsWarper</c>: tokens whose probability is below <c>min_p</c> times the top probability become
/// −∞, except the <c>min_tokens_to_keep</c> most likely.
/// </summary>
public sealed class MinPLogitsWarper : ILogitsProcessor
{
    private readonly float _minP;
    private readonly int _minTokensToKeep;

    /// <summary>Creates the warper.</summary>
    /// <param name="minP">The fraction (<c>min_p</c>), in [0, 1].</param>
    /// <param name="minTokensToKeep">The least number of tokens kept, at least 1.</param>
    public MinPLogitsWarper(float minP, int minTokensToKeep = 1)
    {
        if (!(minP >= 0 && minP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minP), minP, "min_p must be a number in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minTokensToKeep, 1, nameof(minTokensToKeep));
        _minP = minP;
        _minTokensToKeep = minTokensToKeep;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var rented = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var probabilities = rented.AsSpan(0, scores.Length);
            var protectedAbove = _minTokensToKeep >= scores.Length
                ? float.NegativeInfinity
                : ScoreMath.KthLargest(scores, _minTokensToKeep, probabilities);
            ScoreMath.Softmax(scores, probabilities);
            var threshold = _minP * TensorPrimitives.Max(probabilities);
            for (var i = 0; i < scores.Length; i++)
            {
                if (probabilities[i] < threshold && scores[i] < protectedAbove)
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

}
