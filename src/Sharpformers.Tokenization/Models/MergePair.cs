namespace Sharpformers.Tokenization.Models;

/// <summary>
/// The two token ids of a BPE merge, as a dictionary key. Its hash mixes both ids with a multiplicative (Fibonacci)
/// hash: a <see cref="long"/> key packing the ids hashes to <c>left ^ right</c>, which collides for about two of every
/// three merges of a real vocabulary (GPT-2: 50,000 merges, 16,487 distinct codes), lengthening every lookup.
/// </summary>
/// <param name="Left">The id of the left part.</param>
/// <param name="Right">The id of the right part.</param>
internal readonly record struct MergePair(int Left, int Right)
{
    /// <inheritdoc />
    public override int GetHashCode() =>
        (int)(((((ulong)(uint)Left) << 32) | (uint)Right) * 0x9E3779B97F4A7C15UL >> 32);
}
