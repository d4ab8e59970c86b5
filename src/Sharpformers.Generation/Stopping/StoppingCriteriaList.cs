namespace Sharpformers.Generation.Stopping;

/// <summary>Several criteria combined with OR, as transformers' <c>StoppingCriteriaList</c>.</summary>
internal sealed class StoppingCriteriaList(IReadOnlyList<IStoppingCriteria> criteria) : IStoppingCriteria
{
    public IReadOnlyList<IStoppingCriteria> Criteria { get; } = criteria;

    public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores)
    {
        for (var i = 0; i < Criteria.Count; i++)
        {
            if (Criteria[i].IsDone(sequence, scores))
            {
                return true;
            }
        }

        return false;
    }
}
