using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>
/// GPT-2's byte-level pre-tokenizer (HF <c>ByteLevel</c>): optional prefix space, the GPT-2 regex split, then every
/// UTF-8 byte mapped to its printable char.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly SplitPattern Gpt2 = SplitPattern.FromRegex(Gpt2Pattern);

    /// <summary>The split step, made once (a lambda built in <see cref="PreTokenize"/> would be a new delegate per encode).</summary>
    private readonly Action<int, NormalizedString, List<NormalizedString>> splitter = (_, piece, output) =>
    {
        if (addPrefixSpace && !piece.Text.StartsWith(' '))
        {
            piece.Prepend(" ");
        }

        if (useRegex)
        {
            NormalizedStringSplitter.Split(piece, Gpt2, SplitBehavior.Isolated, false, output);
        }
        else
        {
            output.Add(piece);
        }
    };

    public void PreTokenize(PreTokenizedString text)
    {
        text.Split(splitter);
        foreach (var split in text.Splits)
        {
            if (split.Tokens is null)
            {
                ToByteChars(split.Normalized);
            }
        }
    }

    /// <summary>Whether the GPT-2 regex splits each piece (otherwise a piece is one word).</summary>
    public bool UsesRegex => useRegex;

    /// <summary>
    /// Writes the words <see cref="PreTokenize"/> gives the split <paramref name="text"/> into <paramref name="words"/>, as byte
    /// chars, each aligned with the char of <paramref name="text"/> it came from (the span encodes: no string or alignment
    /// per word).
    /// </summary>
    public void AppendWords(string text, WordBuffer words)
    {
        if (!useRegex)
        {
            AppendWord(text, 0, words);
            return;
        }

        // The regex sees the prefix space (" ?\p{L}+" takes it into the first word), so it is part of the searched text;
        // it is aligned with the text's first char, as a prepended char is.
        var prefixed = addPrefixSpace && text.Length > 0 && text[0] != ' ';
        var source = prefixed ? string.Concat(" ", text) : text;
        var shift = prefixed ? -1 : 0;
        var ranges = words.Ranges;
        ranges.Clear();
        NormalizedStringSplitter.SplitRanges(source, Gpt2, SplitBehavior.Isolated, false, ranges);
        foreach (var (start, end) in ranges)
        {
            AppendByteChars(source.AsSpan(start, end - start), start + shift, words);
            words.EndWord();
        }
    }

    /// <summary>
    /// Writes one piece, which starts at char <paramref name="sourceStart"/> of its split's text, as one word of byte chars,
    /// with the prefix space when configured (only without the regex).
    /// </summary>
    public void AppendWord(ReadOnlySpan<char> piece, int sourceStart, WordBuffer words)
    {
        if (useRegex)
        {
            throw new InvalidOperationException("a byte-level pre-tokenizer with its regex splits a piece: use AppendWords");
        }

        if (addPrefixSpace && piece.Length > 0 && piece[0] != ' ')
        {
            words.Append(ByteLevelAlphabet.ByteToChar[' '], sourceStart, sourceStart);
        }

        AppendByteChars(piece, sourceStart, words);
        words.EndWord();
    }

    /// <summary>
    /// Appends the byte chars of <paramref name="s"/>'s UTF-8 bytes (what <see cref="ToByteChars"/> writes), each aligned with
    /// the char (or surrogate pair) it came from; <paramref name="sourceStart"/> is where <paramref name="s"/> starts in the
    /// split's text (-1 when it starts with the prefix space, which is aligned with char 0).
    /// </summary>
    private static void AppendByteChars(ReadOnlySpan<char> s, int sourceStart, WordBuffer words)
    {
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            var at = Math.Max(0, sourceStart + i);
            if (c < 0x80)
            {
                words.Append(ByteLevelAlphabet.ByteToChar[c], at, at);
                i++;
                continue;
            }

            var width = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            var n = System.Text.Encoding.UTF8.GetBytes(s.Slice(i, width), bytes);
            for (var k = 0; k < n; k++)
            {
                words.Append(ByteLevelAlphabet.ByteToChar[bytes[k]], at, at + width - 1);
            }

            i += width;
        }
    }

    /// <summary>Rewrites the text as byte-level chars; each byte char is aligned with the char it came from.</summary>
    public static void ToByteChars(NormalizedString piece)
    {
        var s = piece.Text;
        if (System.Text.Ascii.IsValid(s))
        {
            // One byte per char: same alignment, only the chars change.
            piece.ReplaceText(string.Create(s.Length, s, static (span, source) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = ByteLevelAlphabet.ByteToChar[source[i]];
                }
            }));
            return;
        }

        var b = piece.CreateBuilder(s.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c < 0x80)
            {
                b.Append(ByteLevelAlphabet.ByteToChar[c], i);
                i++;
                continue;
            }

            var width = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            var n = System.Text.Encoding.UTF8.GetBytes(s.AsSpan(i, width), bytes);
            for (var k = 0; k < n; k++)
            {
                b.AppendSpan(ByteLevelAlphabet.ByteToChar[bytes[k]], i, i + width);
            }

            i += width;
        }

        piece.Apply(b);
    }
}
