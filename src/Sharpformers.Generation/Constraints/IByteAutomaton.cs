namespace Sharpformers.Generation.Constraints;

/// <summary>
/// The grammar seam: a deterministic automaton over the UTF-8 bytes of the generated text. Implement it to constrain
/// generation with any grammar (a pushdown automaton whose stacks are interned as ints works), then wrap it with
/// <see cref="TokenConstraint.FromAutomaton"/>. Masks are cached per state, so two states must be equal exactly when
/// the texts they accept from there on are equal. Calls are serialised by the caller (no concurrent calls).
/// </summary>
public interface IByteAutomaton
{
    /// <summary>The state before any byte (non-negative).</summary>
    int StartState { get; }

    /// <summary>The state after one more byte, or a negative number when the byte is not allowed.</summary>
    /// <param name="state">The current state.</param>
    /// <param name="value">The next byte.</param>
    /// <returns>The next state, or a negative number.</returns>
    int Next(int state, byte value);

    /// <summary>Whether the text read so far is complete (end of sequence allowed here).</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> when the text is a complete match.</returns>
    bool IsAccepting(int state);

    /// <summary>
    /// The state after an added token (e.g. Qwen's <c>&lt;tool_call&gt;</c>) whose content is <paramref name="content"/>,
    /// or a negative number when such a token may not be used here. The default never allows added tokens.
    /// </summary>
    /// <param name="state">The current state.</param>
    /// <param name="content">The UTF-8 content of the added token.</param>
    /// <returns>The next state, or a negative number.</returns>
    int NextAddedToken(int state, ReadOnlySpan<byte> content) => -1;
}
