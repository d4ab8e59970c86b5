namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>
/// transformers' <c>NoBadWordsLogitsProcessor</c>: single-token entries are always −∞; the last token of a longer
/// entry is −∞ when the sequence ends with the entry's other tokens. Entries equal to a single eos id are ignored.
/// </summary>
public sealed class NoBadWordsLogitsProcessor : ILogitsProcessor
{
    private readonly long[][] _words;

    /// <summary>Creates the processor.</summary>
    /// <param name="badWordsIds">The banned token sequences (<c>bad_words_ids</c>), each non-empty with non-negative ids.</param>
    /// <param name="eosTokenIds">End-of-sequence ids; a single-token entry equal to one of them is dropped, as transformers does.</param>
    public NoBadWordsLogitsProcessor(IReadOnlyList<IReadOnlyList<int>> badWordsIds, IReadOnlyList<int>? eosTokenIds = null)
    {
        ArgumentNullException.ThrowIfNull(badWordsIds);
        var words = new List<long[]>();
        foreach (var word in badWordsIds)
        {
            if (word is null || word.Count == 0)
            {
                throw new ArgumentException("bad_words_ids must be a list of non-empty lists of token ids", nameof(badWordsIds));
            }

            var ids = new long[word.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                if (word[i] < 0)
                {
                    throw new ArgumentException($"bad_words_ids contains a negative token id ({word[i]})", nameof(badWordsIds));
                }

                ids[i] = word[i];
            }

            if (ids.Length == 1 && eosTokenIds is not null && eosTokenIds.Contains((int)ids[0]))
            {
                continue;
            }

            words.Add(ids);
        }

        _words = [.. words];
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        foreach (var word in _words)
        {
            var last = word[^1];
            if ((ulong)last >= (ulong)scores.Length)
            {
                continue;
            }

            var prefix = word.AsSpan(0, word.Length - 1);
            if (prefix.Length == 0 || (sequence.Length >= prefix.Length && sequence[^prefix.Length..].SequenceEqual(prefix)))
            {
                scores[(int)last] = float.NegativeInfinity;
            }
        }
    }
}
