namespace Sharpformers.Tokenization.Core;

/// <summary>Splits a <see cref="NormalizedString"/> by a pattern with a delimiter behavior (HF <c>NormalizedString::split</c>).</summary>
internal static class NormalizedStringSplitter
{
    /// <summary>Per-thread scratch lists (a split runs once per word: fresh lists there were a large part of an encode's garbage).</summary>
    [ThreadStatic]
    private static List<(int Start, int End, bool IsMatch)>? matchScratch;

    [ThreadStatic]
    private static List<(int Start, int End, bool Remove)>? pieceScratch;

    /// <summary>Scratch lists grown past this many entries are not kept on the thread.</summary>
    private const int KeptCapacity = ScratchLimits.KeptCapacity;

    public static void Split(NormalizedString input, SplitPattern pattern, SplitBehavior behavior, bool invert, List<NormalizedString> output)
    {
        var pieces = FindPieces(input.Text, pattern, behavior, invert);
        foreach (var (start, end, remove) in pieces)
        {
            if (!remove && end > start)
            {
                // The whole input as one piece is the input itself (no copy; the caller keeps its split as it was).
                output.Add(start == 0 && end == input.Length ? input : input.Slice(start, end));
            }
        }

        DropHugeScratch();
    }

    /// <summary>
    /// Appends the (start, end) ranges of the non-empty pieces <see cref="Split"/> would give for <paramref name="text"/>,
    /// without slicing anything (the ids-only encode reads the pieces as spans).
    /// </summary>
    public static void SplitRanges(string text, SplitPattern pattern, SplitBehavior behavior, bool invert, List<(int Start, int End)> output)
    {
        foreach (var (start, end, remove) in FindPieces(text, pattern, behavior, invert))
        {
            if (!remove && end > start)
            {
                output.Add((start, end));
            }
        }

        DropHugeScratch();
    }

    /// <summary>The pieces of <paramref name="text"/> in the per-thread list (valid until the next call on the thread).</summary>
    private static List<(int Start, int End, bool Remove)> FindPieces(string text, SplitPattern pattern, SplitBehavior behavior, bool invert)
    {
        var matches = matchScratch ??= new List<(int Start, int End, bool IsMatch)>(64);
        var pieces = pieceScratch ??= new List<(int Start, int End, bool Remove)>(64);
        matches.Clear();
        pieces.Clear();
        pattern.FindMatches(text, matches);
        if (invert)
        {
            for (var i = 0; i < matches.Count; i++)
            {
                matches[i] = (matches[i].Start, matches[i].End, !matches[i].IsMatch);
            }
        }

        Combine(matches, behavior, pieces);
        return pieces;
    }

    /// <summary>Lets a huge text's scratch lists go instead of keeping them on the thread.</summary>
    private static void DropHugeScratch()
    {
        if (matchScratch?.Capacity > KeptCapacity || pieceScratch?.Capacity > KeptCapacity)
        {
            matchScratch = null;
            pieceScratch = null;
        }
    }

    private static void Combine(List<(int Start, int End, bool IsMatch)> matches, SplitBehavior behavior, List<(int Start, int End, bool Remove)> acc)
    {
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var (s, e, _) in matches)
                {
                    acc.Add((s, e, false));
                }

                break;
            case SplitBehavior.Removed:
                foreach (var (s, e, m) in matches)
                {
                    acc.Add((s, e, m));
                }

                break;
            case SplitBehavior.MergedWithPrevious:
            {
                var previousMatch = false;
                foreach (var (s, e, m) in matches)
                {
                    if (m && !previousMatch && acc.Count > 0)
                    {
                        acc[^1] = (acc[^1].Start, e, false);
                    }
                    else
                    {
                        acc.Add((s, e, false));
                    }

                    previousMatch = m;
                }

                break;
            }

            case SplitBehavior.MergedWithNext:
            {
                var previousMatch = false;
                for (var i = matches.Count - 1; i >= 0; i--)
                {
                    var (s, e, m) = matches[i];
                    if (m && !previousMatch && acc.Count > 0)
                    {
                        acc[^1] = (s, acc[^1].End, false);
                    }
                    else
                    {
                        acc.Add((s, e, false));
                    }

                    previousMatch = m;
                }

                acc.Reverse();
                break;
            }

            case SplitBehavior.Contiguous:
            {
                var previousMatch = false;
                foreach (var (s, e, m) in matches)
                {
                    if (m == previousMatch && acc.Count > 0)
                    {
                        acc[^1] = (acc[^1].Start, e, false);
                    }
                    else
                    {
                        acc.Add((s, e, false));
                    }

                    previousMatch = m;
                }

                break;
            }
        }
    }
}
