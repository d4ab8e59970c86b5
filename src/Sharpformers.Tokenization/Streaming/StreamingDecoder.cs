namespace Sharpformers.Tokenization.Streaming;

/// <summary>
/// Turns ids into text one at a time as a model generates them (HF <c>DecodeStream</c>): <see cref="Append"/> returns
/// only text that can no longer change — never half a UTF-8 character split across byte-level or byte-fallback tokens
/// (a run of byte-fallback tokens is held until the next ordinary token, since HF decodes the run as a whole),
/// and with Metaspace/Strip leading-space rules applied as the full decode applies them (the previous tokens are kept
/// as context). <see cref="Flush"/> returns whatever is left; the concatenation of all returned strings equals
/// <c>Decode(allIds, skipSpecialTokens, cleanUpTokenizationSpaces: false)</c>.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly PretrainedTokenizer tokenizer;
    private readonly bool skipSpecialTokens;
    private readonly List<int> all = [];
    private readonly System.Text.StringBuilder emitted = new();
    private List<int> window = [];
    private string prefix = string.Empty;
    private int prefixIndex;

    internal StreamingDecoder(PretrainedTokenizer tokenizer, bool skipSpecialTokens)
    {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one id; returns the text that became final (often empty).</summary>
    /// <param name="id">The next token id.</param>
    /// <returns>New final text, possibly empty.</returns>
    public string Append(int id)
    {
        if (skipSpecialTokens && tokenizer.Pipeline.AddedVocabulary.IsSpecialId(id))
        {
            return string.Empty;
        }

        all.Add(id);
        window.Add(id);

        // A run of <0xNN> byte tokens is decoded as a group (an invalid group turns into U+FFFD, one per byte), so
        // nothing is final while the run may still grow.
        if (tokenizer.Pipeline.IdToToken(id) is { } token && Decoders.ByteFallbackDecoder.TryParseByte(token, out _))
        {
            return string.Empty;
        }

        var text = tokenizer.Pipeline.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(window), skipSpecialTokens);
        if (text.Length <= prefix.Length || text.EndsWith('\uFFFD') || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var newText = text[prefix.Length..];
        var newPrefixIndex = window.Count - prefixIndex;
        window = window.GetRange(prefixIndex, window.Count - prefixIndex);
        prefix = tokenizer.Pipeline.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(window), skipSpecialTokens);
        prefixIndex = newPrefixIndex;
        emitted.Append(newText);
        return newText;
    }

    /// <summary>Returns the text not returned yet (e.g. a trailing incomplete character, decoded as U+FFFD) and resets.</summary>
    /// <returns>The remaining text.</returns>
    public string Flush()
    {
        var full = tokenizer.Pipeline.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all), skipSpecialTokens);
        var done = emitted.ToString();
        var rest = full.StartsWith(done, StringComparison.Ordinal) ? full[done.Length..] : string.Empty;
        all.Clear();
        window.Clear();
        emitted.Clear();
        prefix = string.Empty;
        prefixIndex = 0;
        return rest;
    }
}
