namespace Sharpformers.Generation.Constraints.Masking;

/// <summary>
/// The tokens allowed in one automaton state, stored as whichever list is shorter: the allowed ids, or (inverted) the
/// disallowed ids below the vocabulary's token count. End-of-sequence ids are not part of it (they depend on the call).
/// </summary>
internal sealed class TokenMask(int[] ids, bool inverted, bool anyAllowed)
{
    public int[] Ids { get; } = ids;

    public bool Inverted { get; } = inverted;

    /// <summary>Whether at least one token may continue the text.</summary>
    public bool AnyAllowed { get; } = anyAllowed;

    /// <summary>Sets the scores of disallowed tokens to −∞; <paramref name="saved"/> is scratch as long as the scores.</summary>
    public void Apply(Span<float> scores, int tokenCount, Span<float> saved)
    {
        if (Inverted)
        {
            foreach (var id in Ids)
            {
                if ((uint)id < (uint)scores.Length)
                {
                    scores[id] = float.NegativeInfinity;
                }
            }

            if (tokenCount < scores.Length)
            {
                scores[tokenCount..].Fill(float.NegativeInfinity);
            }

            return;
        }

        var ids = Ids;
        for (var i = 0; i < ids.Length; i++)
        {
            saved[i] = (uint)ids[i] < (uint)scores.Length ? scores[ids[i]] : 0f;
        }

        scores.Fill(float.NegativeInfinity);
        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] < (uint)scores.Length)
            {
                scores[ids[i]] = saved[i];
            }
        }
    }

    public bool Allows(int id)
    {
        var found = Array.BinarySearch(Ids, id) >= 0;
        return Inverted ? !found : found;
    }
}
