namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The combining marks HF's <c>StripAccents</c> removes (the <c>unicode-normalization</c> crate's
/// <c>is_combining_mark</c>, its own Unicode version): the generated <c>Ranges</c> (HfCombiningMarks.Table.cs, probed
/// from HF; see GeneratedTableTests).
/// </summary>
internal static partial class HfCombiningMarks
{
    /// <summary>Whether HF's StripAccents removes <paramref name="cp"/>.</summary>
    public static bool Contains(int cp) => cp >= 0x300 && CodePointRanges.Contains(Ranges, cp);
}
