namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Oniguruma's <c>\w</c> inside a bracket class (<c>[\w]</c>, <c>[^\w\s]</c>), as HF's regexes match it: the generated
/// <c>Ranges</c> (OnigWordInClass.Table.cs, probed from HF; see GeneratedTableTests).
/// </summary>
internal static partial class OnigWordInClass
{
    /// <summary>Whether Oniguruma's <c>[\w]</c> matches <paramref name="cp"/>.</summary>
    public static bool Contains(int cp) => CodePointRanges.Contains(Ranges, cp);
}
