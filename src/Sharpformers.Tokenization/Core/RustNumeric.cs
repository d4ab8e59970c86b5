namespace Sharpformers.Tokenization.Core;

/// <summary>
/// Rust's <c>char::is_numeric</c> (Nd, Nl, No in Rust's Unicode version), which HF's <c>Digits</c> pre-tokenizer asks:
/// the generated <c>Ranges</c> (RustNumeric.Table.cs, probed from HF; see GeneratedTableTests).
/// </summary>
internal static partial class RustNumeric
{
    /// <summary>Whether Rust's <c>char::is_numeric</c> holds for <paramref name="cp"/>.</summary>
    public static bool Contains(int cp) => cp < 0x80 ? cp is >= '0' and <= '9' : CodePointRanges.Contains(Ranges, cp);
}
