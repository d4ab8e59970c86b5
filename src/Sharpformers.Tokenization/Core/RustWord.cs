namespace Sharpformers.Tokenization.Core;

/// <summary>
/// <c>\w</c> of Rust's <c>regex</c> crate (Alphabetic, marks, Nd, Pc, Join_Control in its Unicode version), which HF's
/// <c>Whitespace</c> pre-tokenizer (<c>\w+|[^\w\s]+</c>) uses: the generated <c>Ranges</c> (RustWord.Table.cs, probed
/// from HF; see GeneratedTableTests).
/// </summary>
internal static partial class RustWord
{
    /// <summary>Whether Rust's regex <c>\w</c> matches <paramref name="cp"/>.</summary>
    public static bool Contains(int cp) => cp < 0x80
        ? cp is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z' or '_'
        : CodePointRanges.Contains(Ranges, cp);
}
