namespace Sharpformers.Tokenization.Core;

/// <summary>How large a per-thread scratch list or buffer may grow and still be kept for the next encode on that thread.</summary>
internal static class ScratchLimits
{
    /// <summary>
    /// The largest capacity kept: enough for any ordinary text, while one huge input does not pin its buffers to the thread
    /// for the rest of the process (a larger one is dropped and the next encode starts small again).
    /// </summary>
    public const int KeptCapacity = 4096;

    /// <summary>The largest char buffer kept (a char buffer is dense and cheap: four times <see cref="KeptCapacity"/>, 32 KB).</summary>
    public const int KeptCharCapacity = KeptCapacity * 4;

    /// <summary>The largest int buffer kept (an alignment array: <see cref="KeptCapacity"/> entries, 16 KB).</summary>
    public const int KeptIntCapacity = KeptCapacity;
}
