namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// Changes the next-token scores of one sequence before a token is chosen, as transformers' <c>LogitsProcessor</c>
/// (one row at a time). Implementations must not keep the spans they are given.
/// </summary>
public interface ILogitsProcessor
{
    /// <summary>Processes the scores of one row in place.</summary>
    /// <param name="sequence">The row's tokens so far: the (left-padded) prompt and the tokens generated; its length is transformers' <c>cur_len</c>.</param>
    /// <param name="scores">The row's scores over the vocabulary, changed in place.</param>
    void Process(ReadOnlySpan<long> sequence, Span<float> scores);
}
