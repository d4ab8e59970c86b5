using System.Globalization;

namespace Sharpformers.Tokenization.Core;

/// <summary>
/// The character classes HF's BERT normaliser and punctuation splitting use (the Rust <c>unicode_categories</c> crate,
/// an older Unicode version than .NET's): .NET's answer, flipped inside the ranges of the generated tables
/// (RustCategories.Table.cs, derived by probing every code point through HF; see RustCategoryTableTests).
/// </summary>
internal static partial class RustCategories
{
    /// <summary>BERT <c>clean_text</c>'s "control": Cc, Cf, Co by HF's tables (tab, newline and carriage return excluded).</summary>
    public static bool IsControl(int cp) => DotNetIsControl(cp) ^ InRanges(ControlTable, cp);

    /// <summary>Unicode punctuation (P*) by HF's tables.</summary>
    public static bool IsPunctuation(int cp) => DotNetIsPunctuation(cp) ^ InRanges(PunctuationTable, cp);

    /// <summary>Non-spacing mark (Mn) by HF's tables.</summary>
    public static bool IsNonSpacingMark(int cp) =>
        (UnicodeChars.DotNetCategory(cp) == UnicodeCategory.NonSpacingMark) ^ InRanges(NonSpacingMarkTable, cp);

    /// <summary>The .NET side of <see cref="IsControl"/>.</summary>
    public static bool DotNetIsControl(int cp) => cp is not ('\t' or '\n' or '\r')
        && UnicodeChars.DotNetCategory(cp) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    /// <summary>The .NET side of <see cref="IsPunctuation"/> (ASCII punctuation included, as HF's <c>is_bert_punc</c>).</summary>
    public static bool DotNetIsPunctuation(int cp) =>
        (cp < 0x80 && (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)) || UnicodeChars.DotNetCategory(cp) is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>The override ranges (for the tables' test).</summary>
    public static (List<(int, int)> Control, List<(int, int)> Punctuation, List<(int, int)> NonSpacingMark) Overrides() =>
        (Pairs(ControlTable), Pairs(PunctuationTable), Pairs(NonSpacingMarkTable));

    private static List<(int, int)> Pairs(ReadOnlySpan<int> table) =>
        CodePointRanges.ToList(table).ConvertAll(r => (r.First, r.Last));

    private static bool InRanges(ReadOnlySpan<int> table, int cp) => CodePointRanges.Contains(table, cp);
}
