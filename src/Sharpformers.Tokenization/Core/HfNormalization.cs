namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The code points that HF's NFC/NFD/NFKC/NFKD (the <c>unicode-normalization</c> crate, an older Unicode version)
/// leave alone — as unassigned starters — while .NET's normaliser decomposes, reorders or refuses them: the generated
/// <c>Ranges</c> (HfNormalization.Table.cs, probed from HF; see GeneratedTableTests). <see cref="NormalizedString"/>
/// normalises the text between them and keeps them verbatim.
/// </summary>
internal static partial class HfNormalization
{
    /// <summary>Below this no code point is in the table.</summary>
    public static readonly int First = Ranges.Length == 0 ? int.MaxValue : Ranges[0];

    /// <summary>Whether HF's normalisers leave <paramref name="cp"/> alone where .NET's would not.</summary>
    public static bool Contains(int cp) => cp >= First && CodePointRanges.Contains(Ranges, cp);
}
