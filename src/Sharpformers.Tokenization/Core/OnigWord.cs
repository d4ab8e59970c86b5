namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Oniguruma's <c>\w</c> outside brackets, as HF's regexes match it (Oniguruma asks a different table inside
/// brackets: <see cref="OnigWordInClass"/>): the generated <c>Ranges</c> (OnigWord.Table.cs, probed from HF; see
/// GeneratedTableTests).
/// </summary>
internal static partial class OnigWord
{
    /// <summary>Whether Oniguruma's <c>\w</c> matches <paramref name="cp"/> outside brackets.</summary>
    public static bool Contains(int cp) => CodePointRanges.Contains(Ranges, cp);
}
