namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>transformers' <c>SuppressTokensLogitsProcessor</c>: the listed ids get −∞ at every step.</summary>
public sealed class SuppressTokensLogitsProcessor : ILogitsProcessor
{
    private readonly int[] _ids;

    /// <summary>Creates the processor.</summary>
    /// <param name="suppressTokens">The ids never to generate (<c>suppress_tokens</c>).</param>
    public SuppressTokensLogitsProcessor(IReadOnlyList<int> suppressTokens) => _ids = TokenSet.Copy(suppressTokens, nameof(suppressTokens));

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => TokenSet.Set(scores, _ids, float.NegativeInfinity);
}
