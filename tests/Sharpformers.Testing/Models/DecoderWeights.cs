namespace Sharpformers.Testing.Models;

/// <summary>
/// Every weight of a generated decoder, kept in memory (already rounded to half precision for float16 models) so
/// that the ONNX graph and the plain C# reference forward compute from the same numbers.
/// </summary>
/// <param name="Options">The options the weights were drawn for.</param>
/// <param name="TokenEmbedding">[vocab, hidden].</param>
/// <param name="PositionEmbedding">[max_positions, hidden] learned positions (GPT-2), or <see langword="null"/>.</param>
/// <param name="Layers">The decoder layers.</param>
/// <param name="FinalNorm">The norm before the head.</param>
/// <param name="LmHead">[hidden, vocab] head, or <see langword="null"/> when tied to the token embedding (GPT-2).</param>
internal sealed record DecoderWeights(
    TestModelOptions Options,
    float[] TokenEmbedding,
    float[]? PositionEmbedding,
    IReadOnlyList<LayerWeights> Layers,
    Norm FinalNorm,
    Linear? LmHead)
{
    /// <summary>Number of learned parameters (a tied head counted once).</summary>
    public long ParameterCount
    {
        get
        {
            long count = TokenEmbedding.Length + (PositionEmbedding?.Length ?? 0) + Count(FinalNorm) + Count(LmHead);
            foreach (var layer in Layers)
            {
                count += Count(layer.AttentionNorm) + Count(layer.Query) + Count(layer.Key) + Count(layer.Value)
                    + Count(layer.Output) + Count(layer.FeedForwardNorm) + Count(layer.Gate) + Count(layer.Up) + Count(layer.Down);
            }

            return count;
        }
    }

    private static long Count(Linear? linear) => linear is null ? 0 : linear.Weight.Length + (linear.Bias?.Length ?? 0);

    private static long Count(Norm norm) => norm.Scale.Length + (norm.Bias?.Length ?? 0);
}
