namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>
/// The ids a pipeline's post-processor puts before (<see cref="Prefix"/>) and after (<see cref="Suffix"/>) a single sequence,
/// found by running the post-processor on a one-token probe. Only built when that is all it does to the ids of a single
/// sequence (every post-processor of tokenizer.json today: BERT, RoBERTa, template, byte-level, sequences of them).
/// </summary>
internal sealed class SpecialTokenFrame
{
    /// <summary>A stand-in id no post-processor knows, to find where the sequence goes among the special tokens.</summary>
    private const int Sentinel = int.MinValue + 7;

    private SpecialTokenFrame(int[] prefix, int[] suffix)
    {
        Prefix = prefix;
        Suffix = suffix;
    }

    /// <summary>The special-token ids before the sequence.</summary>
    public int[] Prefix { get; }

    /// <summary>The special-token ids after the sequence.</summary>
    public int[] Suffix { get; }

    /// <summary>
    /// The frame of <paramref name="pipeline"/>, or <see langword="null"/> when its post-processor does anything else to a single
    /// sequence (non-zero type ids, masked tokens, an overflow, the sequence repeated).
    /// </summary>
    public static SpecialTokenFrame? Probe(TokenizerPipeline pipeline)
    {
        var probe = Encoding.Empty();
        probe.Add(Sentinel, 0, "a", (0, 1), 0);
        var processed = pipeline.PostProcess(probe, null, addSpecialTokens: true, truncation: null);
        var at = -1;
        for (var i = 0; i < processed.Length; i++)
        {
            if (processed.TypeIds[i] != 0 || processed.AttentionMask[i] != 1)
            {
                return null;
            }

            if (processed.Ids[i] == Sentinel)
            {
                if (at >= 0)
                {
                    return null;
                }

                at = i;
            }
        }

        var added = pipeline.PostProcessor?.AddedTokens(false) ?? 0;
        if (at < 0 || processed.Length - 1 != added || processed.Overflowing.Count > 0)
        {
            return null;
        }

        var ids = processed.IdList;
        return new SpecialTokenFrame([.. ids.GetRange(0, at)], [.. ids.GetRange(at + 1, ids.Count - at - 1)]);
    }
}
