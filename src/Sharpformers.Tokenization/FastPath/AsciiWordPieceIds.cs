using System.Buffers;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.FastPath;

/// <summary>
/// The ids a BERT-style tokenizer (BERT normalizer or none, BERT pre-tokenizer, WordPiece) gives an ASCII text with special
/// tokens and right truncation, written straight into a caller's buffer: no <see cref="NormalizedString"/>, no token strings,
/// no offsets, nothing allocated. It only takes texts whose every char is printable ASCII, tab, line feed or carriage return
/// and holds no char an added token starts with; on those the full pipeline reduces to lowercasing (when the normalizer
/// does), whitespace splitting, isolating punctuation and WordPiece, so the ids are the same. Every other text is refused and
/// goes through the full path, as does every text of a vocabulary without its unknown token (the full path refuses those
/// words wherever they are, even past the truncation point). Everything this relies on is checked against the pipeline itself when the plan is built.
/// </summary>
internal sealed class AsciiWordPieceIds
{
    private const byte Word = 0;
    private const byte Space = 1;
    private const byte Punctuation = 2;
    private const byte Refused = 3;

    /// <summary>Lowercasing buffer kept on the stack up to this many chars.</summary>
    private const int StackWord = 256;

    private readonly WordPieceModel model;
    private readonly bool lowercase;
    private readonly int[] prefix;
    private readonly int[] suffix;
    private readonly byte[] classes;
    private readonly SearchValues<char> accepted;

    private AsciiWordPieceIds(WordPieceModel model, bool lowercase, int[] prefix, int[] suffix, byte[] classes)
    {
        this.model = model;
        this.lowercase = lowercase;
        this.prefix = prefix;
        this.suffix = suffix;
        this.classes = classes;
        var chars = new List<char>();
        for (var c = 0; c < classes.Length; c++)
        {
            if (classes[c] != Refused)
            {
                chars.Add((char)c);
            }
        }

        accepted = SearchValues.Create([.. chars]);
    }

    /// <summary>The special tokens added around a single sequence.</summary>
    public int SpecialTokens => prefix.Length + suffix.Length;

    /// <summary>The plan for <paramref name="pipeline"/>, or <see langword="null"/> when it is not a BERT-style WordPiece pipeline.</summary>
    public static AsciiWordPieceIds? TryCreate(TokenizerPipeline pipeline)
    {
        if (pipeline.Model is not WordPieceModel { HasUnknownToken: true } model || pipeline.PreTokenizer is not BertPreTokenizer)
        {
            return null;
        }

        if (pipeline.Normalizer is not (null or BertNormalizer) || ProbeLowercase(pipeline.Normalizer) is not bool lowercase)
        {
            return null;
        }

        var classes = Classes();
        foreach (var token in pipeline.AddedVocabulary.Tokens)
        {
            if (token.Content.Length == 0)
            {
                return null;
            }

            var first = token.Content[0];
            if (char.IsAscii(first))
            {
                classes[first] = Refused;
                classes[char.ToLowerInvariant(first)] = Refused;
                classes[char.ToUpperInvariant(first)] = Refused;
            }
        }

        return pipeline.Frame() is { } frame ? new AsciiWordPieceIds(model, lowercase, frame.Prefix, frame.Suffix, classes) : null;
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> with special tokens, keeping the first <c>destination.Length</c> of them as
    /// right truncation does (the special tokens always kept). Returns <see langword="false"/>, leaving the destination's
    /// content unspecified, for a text this path does not take or a destination with no room for the special tokens.
    /// </summary>
    public bool TryEncode(ReadOnlySpan<char> text, Span<int> destination, out int written)
    {
        written = 0;
        if (destination.Length < SpecialTokens || text.IndexOfAnyExcept(accepted) >= 0)
        {
            return false;
        }

        var capacity = destination.Length - suffix.Length;
        prefix.CopyTo(destination);
        var count = prefix.Length;
        var longest = model.MaxInputCharsPerWord;
        char[]? rented = null;
        var buffer = longest <= StackWord ? stackalloc char[StackWord] : (rented = ArrayPool<char>.Shared.Rent(longest));
        try
        {
            var i = 0;
            while (i < text.Length && count < capacity)
            {
                var kind = classes[text[i]];
                if (kind == Space)
                {
                    i++;
                    continue;
                }

                var start = i++;
                if (kind == Word)
                {
                    while (i < text.Length && classes[text[i]] == Word)
                    {
                        i++;
                    }
                }

                scoped ReadOnlySpan<char> word = text[start..i];
                if (lowercase && word.Length <= longest)
                {
                    var lower = buffer[..word.Length];
                    System.Text.Ascii.ToLower(word, lower, out _);
                    word = lower;
                }

                count += model.WriteIds(word, destination[count..capacity]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        suffix.CopyTo(destination[count..]);
        written = count + suffix.Length;
        return true;
    }

    /// <summary>Printable ASCII, tab, line feed and carriage return, classed as the BERT pre-tokenizer classes them; the rest refused.</summary>
    private static byte[] Classes()
    {
        var classes = new byte[128];
        for (var c = 0; c < classes.Length; c++)
        {
            classes[c] = c is '\t' or '\n' or '\r' or (>= 0x20 and < 0x7F)
                ? UnicodeChars.IsWhitespace(c) ? Space : UnicodeChars.IsBertPunctuation(c) ? Punctuation : Word
                : Refused;
        }

        return classes;
    }

    /// <summary>
    /// What the normalizer does to the accepted chars: nothing (<see langword="false"/>), ASCII lowercasing (<see langword="true"/>),
    /// or anything else (<see langword="null"/>: the plan is not used). Whitespace may become spaces: the pre-tokenizer drops it.
    /// </summary>
    private static bool? ProbeLowercase(INormalizer? normalizer)
    {
        if (normalizer is null)
        {
            return false;
        }

        var printable = string.Create(0x7F - 0x20, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)(0x20 + i);
            }
        });
        var text = NormalizedString.FromOriginal(printable);
        normalizer.Normalize(text);
        var spaces = NormalizedString.FromOriginal("\t\n\r");
        normalizer.Normalize(spaces);
        if (spaces.Text.Length != 3 || !spaces.Text.All(c => UnicodeChars.IsWhitespace(c)))
        {
            return null;
        }

        return text.Text == printable ? false : text.Text == printable.ToLowerInvariant() ? true : null;
    }
}
