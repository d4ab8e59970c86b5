using System.Numerics.Tensors;

namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>TemperatureLogitsWarper</c>: scores divided by the temperature.</summary>
public sealed class TemperatureLogitsWarper : ILogitsProcessor
{
    private readonly float _temperature;

    /// <summary>Creates the warper.</summary>
    /// <param name="temperature">The temperature, a strictly positive finite number.</param>
    public TemperatureLogitsWarper(float temperature)
    {
        if (!(temperature > 0) || float.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be a strictly positive number");
        }

        _temperature = temperature;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => TensorPrimitives.Divide(scores, _temperature, scores);
}
