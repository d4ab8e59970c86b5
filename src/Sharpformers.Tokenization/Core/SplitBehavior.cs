namespace Sharpformers.Tokenization.Core;

/// <summary>What to do with the delimiter when splitting (HF <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
