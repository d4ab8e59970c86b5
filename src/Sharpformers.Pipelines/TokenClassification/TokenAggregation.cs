using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>One non-special token with its label distribution, before aggregation (transformers' "pre-entity").</summary>
internal sealed record PreEntity(string Word, float[] Scores, int Start, int End, int Index, bool IsSubword);

/// <summary>transformers' token-classification post-processing: gathering pre-entities, fusing subwords into words, grouping B-/I- tags into entities.</summary>
internal sealed class TokenAggregation(PretrainedTokenizer tokenizer, EncoderLabels labels)
{
    /// <summary>transformers' <c>gather_pre_entities</c>.</summary>
    public static List<PreEntity> Gather(PretrainedTokenizer tokenizer, string text, Encoding encoding, float[] scores, int labelCount, AggregationStrategy strategy)
    {
        var wordAware = tokenizer.ContinuingSubwordPrefix is not null;
        var unk = tokenizer.UnkTokenId;
        var result = new List<PreEntity>();
        for (var i = 0; i < encoding.Length; i++)
        {
            if (encoding.SpecialTokensMask[i] != 0)
            {
                continue;
            }

            var word = encoding.Tokens[i];
            var (start, end) = encoding.Offsets[i];
            var reference = text[start..end];
            bool isSubword;
            if (wordAware)
            {
                isSubword = CodePoints(word) != CodePoints(reference);
            }
            else
            {
                // transformers' fallback for tokenizers without a subword prefix: a token glued to the previous character.
                isSubword = start > 0 && !text.AsSpan(start - 1, Math.Min(2, text.Length - start + 1)).Contains(' ');
            }

            if (encoding.Ids[i] == unk)
            {
                word = reference;
                isSubword = false;
            }

            result.Add(new PreEntity(word, scores.AsSpan(i * labelCount, labelCount).ToArray(), start, end, i, isSubword));
        }

        return result;
    }

    /// <summary>transformers' <c>aggregate</c>.</summary>
    public List<TokenClassificationEntity> Aggregate(List<PreEntity> pre, AggregationStrategy strategy)
    {
        List<TokenClassificationEntity> entities;
        if (strategy is AggregationStrategy.None or AggregationStrategy.Simple)
        {
            entities = new List<TokenClassificationEntity>(pre.Count);
            foreach (var p in pre)
            {
                var best = ScoreFunctions.ArgMax(p.Scores);
                entities.Add(new TokenClassificationEntity { Entity = labels[best], Score = p.Scores[best], Index = p.Index, Word = p.Word, Start = p.Start, End = p.End });
            }
        }
        else
        {
            entities = AggregateWords(pre, strategy);
        }

        return strategy == AggregationStrategy.None ? entities : GroupEntities(entities);
    }

    private List<TokenClassificationEntity> AggregateWords(List<PreEntity> pre, AggregationStrategy strategy)
    {
        var words = new List<TokenClassificationEntity>();
        List<PreEntity>? group = null;
        foreach (var p in pre)
        {
            if (group is null)
            {
                group = [p];
            }
            else if (p.IsSubword)
            {
                group.Add(p);
            }
            else
            {
                words.Add(AggregateWord(group, strategy));
                group = [p];
            }
        }

        if (group is not null)
        {
            words.Add(AggregateWord(group, strategy));
        }

        return words;
    }

    private TokenClassificationEntity AggregateWord(List<PreEntity> group, AggregationStrategy strategy)
    {
        var word = tokenizer.ConvertTokensToString(group.Select(p => p.Word));
        float[] scores;
        switch (strategy)
        {
            case AggregationStrategy.First:
                scores = group[0].Scores;
                break;
            case AggregationStrategy.Max:
                scores = group[0].Scores;
                var bestMax = scores.Max();
                foreach (var p in group)
                {
                    var m = p.Scores.Max();
                    if (m > bestMax)
                    {
                        (scores, bestMax) = (p.Scores, m);
                    }
                }

                break;
            default:
                scores = new float[group[0].Scores.Length];
                foreach (var p in group)
                {
                    for (var i = 0; i < scores.Length; i++)
                    {
                        scores[i] += p.Scores[i];
                    }
                }

                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] /= group.Count;
                }

                break;
        }

        var best = ScoreFunctions.ArgMax(scores);
        return new TokenClassificationEntity { Entity = labels[best], Score = scores[best], Word = word, Start = group[0].Start, End = group[^1].End };
    }

    /// <summary>transformers' <c>group_entities</c>: consecutive entities of one tag join unless the next one begins with B-.</summary>
    private List<TokenClassificationEntity> GroupEntities(List<TokenClassificationEntity> entities)
    {
        var groups = new List<TokenClassificationEntity>();
        var current = new List<TokenClassificationEntity>();
        foreach (var entity in entities)
        {
            if (current.Count == 0)
            {
                current.Add(entity);
                continue;
            }

            var (bi, tag) = Tag(entity.Entity!);
            var (_, lastTag) = Tag(current[^1].Entity!);
            if (tag == lastTag && bi != 'B')
            {
                current.Add(entity);
            }
            else
            {
                groups.Add(GroupSubEntities(current));
                current = [entity];
            }
        }

        if (current.Count > 0)
        {
            groups.Add(GroupSubEntities(current));
        }

        return groups;
    }

    private TokenClassificationEntity GroupSubEntities(List<TokenClassificationEntity> entities)
    {
        var label = entities[0].Entity!;
        var dash = label.IndexOf('-', StringComparison.Ordinal);
        var sum = 0f;
        foreach (var e in entities)
        {
            sum += e.Score;
        }

        return new TokenClassificationEntity
        {
            EntityGroup = dash < 0 ? label : label[(dash + 1)..],
            Score = sum / entities.Count,
            Word = tokenizer.ConvertTokensToString(entities.Select(e => e.Word)),
            Start = entities[0].Start,
            End = entities[^1].End,
        };
    }

    /// <summary>transformers' <c>get_tag</c>: B-/I- prefixes; anything else counts as I- of itself.</summary>
    internal static (char Bi, string Tag) Tag(string label) =>
        label.StartsWith("B-", StringComparison.Ordinal) ? ('B', label[2..])
        : label.StartsWith("I-", StringComparison.Ordinal) ? ('I', label[2..])
        : ('I', label);

    private static int CodePoints(string s) => s.EnumerateRunes().Count();
}
