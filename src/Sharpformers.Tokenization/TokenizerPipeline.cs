using System.Runtime.InteropServices;
using Sharpformers.Tokenization.AddedTokens;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Decoders;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.PostProcessors;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization;

/// <summary>Truncation as configured in tokenizer.json or requested by a caller (HF <c>TruncationParams</c>).</summary>
internal sealed record TruncationSettings(int MaxLength, int Stride = 0, bool FromLeft = false, bool OnlySecond = false, bool OnlyFirst = false);

/// <summary>Padding as configured in tokenizer.json or requested by a caller (HF <c>PaddingParams</c>).</summary>
internal sealed record PaddingSettings(int? FixedLength, bool Left, int? PadToMultipleOf, int PadId, int PadTypeId, string PadToken);

/// <summary>
/// The tokenizer.json pipeline (HF <c>TokenizerImpl</c>): added tokens → normalizer → pre-tokenizer → model →
/// post-processor, and the decode chain. Thread-safe once built.
/// </summary>
internal sealed partial class TokenizerPipeline
{
    public required ITokenizerModel Model { get; init; }

    public required AddedVocabulary AddedVocabulary { get; init; }

    public INormalizer? Normalizer { get; init; }

    public IPreTokenizer? PreTokenizer { get; init; }

    public IPostProcessor? PostProcessor { get; init; }

    public IDecoder? Decoder { get; init; }

    /// <summary>Truncation from tokenizer.json (HF applies it in <c>encode</c>; transformers turns it off by default).</summary>
    public TruncationSettings? FileTruncation { get; init; }

    /// <summary>Padding from tokenizer.json (same remark as <see cref="FileTruncation"/>).</summary>
    public PaddingSettings? FilePadding { get; init; }

    /// <summary>A copy with another post-processor (transformers rebuilds it from config flags for some classes).</summary>
    public TokenizerPipeline WithPostProcessor(IPostProcessor? postProcessor) => new()
    {
        Model = Model,
        AddedVocabulary = AddedVocabulary,
        Normalizer = Normalizer,
        PreTokenizer = PreTokenizer,
        PostProcessor = postProcessor,
        Decoder = Decoder,
        FileTruncation = FileTruncation,
        FilePadding = FilePadding,
    };

    /// <summary>A copy with another added vocabulary (added_tokens.json).</summary>
    public TokenizerPipeline WithAddedVocabulary(AddedVocabulary addedVocabulary) => new()
    {
        Model = Model,
        AddedVocabulary = addedVocabulary,
        Normalizer = Normalizer,
        PreTokenizer = PreTokenizer,
        PostProcessor = PostProcessor,
        Decoder = Decoder,
        FileTruncation = FileTruncation,
        FilePadding = FilePadding,
    };

    public int? TokenToId(string token) => AddedVocabulary.TokenToId(token) ?? Model.TokenToId(token);

    public string? IdToToken(int id) => AddedVocabulary.IdToToken(id) ?? Model.IdToToken(id);

    /// <summary>Per-thread list of the tokens of the sequence being encoded (counted before the result is sized).</summary>
    [ThreadStatic]
    private static List<Token>? tokenScratch;

    /// <summary>Per-thread split lists reused by the next encode on the thread (<see cref="PreTokenize"/>, <see cref="Release"/>).</summary>
    [ThreadStatic]
    private static PreTokenizedString? preTokenizedScratch;

    /// <summary>Scratch lists grown past this many entries are not kept on the thread.</summary>
    private const int KeptScratchCapacity = ScratchLimits.KeptCapacity;

    /// <summary>Encodes one sequence without special tokens (HF <c>encode_single_sequence</c>).</summary>
    public Encoding EncodeSequence(string text, int typeId) => EncodeSequence(text, typeId, null, wordSpans: true);

    /// <summary>
    /// <see cref="EncodeSequence(string, int)"/> through the general path only (a <see cref="NormalizedString"/> per word,
    /// never the span paths of <see cref="AppendWordSpanTokens"/>): what the span paths are checked against.
    /// </summary>
    internal Encoding EncodeSequenceBySplits(string text, int typeId) => EncodeSequence(text, typeId, null, wordSpans: false);

    /// <summary>
    /// Encodes one sequence, between the special tokens of <paramref name="frame"/> when given: the result is built in
    /// place, sized once, instead of the post-processor copying the sequence's encoding into a new one.
    /// </summary>
    private Encoding EncodeSequence(string text, int typeId, SingleSequenceFrame? frame, bool wordSpans)
    {
        var tokens = tokenScratch ?? new List<Token>(64);
        tokenScratch = null; // a nested encode on this thread (none today) would take fresh lists
        if (!wordSpans || !AppendWordSpanTokens(text, tokens))
        {
            AppendSplitTokens(text, tokens);
        }

        var encoding = Encoding.Empty(tokens.Count + (frame?.AddedCount ?? 0));
        AddFrameTokens(encoding, frame?.Prefix);
        foreach (var token in tokens)
        {
            encoding.Add(token.Id, typeId, token.Value, (token.Start, token.End), 0);
        }

        AddFrameTokens(encoding, frame?.Suffix);
        tokens.Clear();
        if (tokens.Capacity <= KeptScratchCapacity)
        {
            tokenScratch = tokens;
        }

        return encoding;
    }

    /// <summary>
    /// Appends the tokens of one sequence, offsets in the original text, through the pre-tokenizer's splits: a
    /// <see cref="NormalizedString"/> per word, any pre-tokenizer and model.
    /// </summary>
    private void AppendSplitTokens(string text, List<Token> tokens)
    {
        var pre = PreTokenize(text);
        foreach (var split in pre.Splits)
        {
            var first = tokens.Count;
            if (split.Tokens is { } known)
            {
                tokens.AddRange(known);
            }
            else
            {
                Model.Tokenize(split.Normalized.Text, tokens);
            }

            ToOriginal(split.Normalized, tokens, first);
        }

        Release(pre);
    }

    /// <summary>Maps the offsets of <paramref name="tokens"/> from <paramref name="first"/> on, ranges of <paramref name="normalized"/>, to the original text.</summary>
    private static void ToOriginal(NormalizedString normalized, List<Token> tokens, int first)
    {
        foreach (ref var token in CollectionsMarshal.AsSpan(tokens)[first..])
        {
            var (start, end) = normalized.ToOriginal(token.Start, token.End);
            token = token with { Start = start, End = end };
        }
    }

    private static void AddFrameTokens(Encoding encoding, FrameToken[]? specials)
    {
        if (specials is null)
        {
            return;
        }

        foreach (var special in specials)
        {
            encoding.Add(special.Id, special.TypeId, special.Token, (0, 0), 1);
        }
    }

    /// <summary>Added tokens, normalizer and pre-tokenizer applied to one sequence: the splits the model then tokenizes.</summary>
    private PreTokenizedString PreTokenize(string text)
    {
        var pre = ExtractAndNormalize(text);
        PreTokenizer?.PreTokenize(pre);
        return pre;
    }

    /// <summary>Added tokens and normalizer applied to one sequence: the splits the pre-tokenizer then takes.</summary>
    private PreTokenizedString ExtractAndNormalize(string text) => ExtractAndNormalize(text, Normalizer);

    /// <summary>Added tokens split out and each other split normalized by <paramref name="normalizer"/> (none: left as they are).</summary>
    private PreTokenizedString ExtractAndNormalize(string text, INormalizer? normalizer)
    {
        var whole = NormalizedString.FromOriginal(ReplaceLoneSurrogates(text));
        var pre = preTokenizedScratch;
        preTokenizedScratch = null;
        if (pre is null)
        {
            pre = new PreTokenizedString(whole);
        }
        else
        {
            pre.Reset(whole);
        }

        AddedVocabulary.ExtractAndNormalize(pre, normalizer);
        return pre;
    }

    /// <summary>Hands <paramref name="pre"/> back for the next encode on this thread, once its splits are read.</summary>
    private static void Release(PreTokenizedString pre)
    {
        if (pre.IsWorthKeeping)
        {
            pre.Clear();
            preTokenizedScratch = pre;
        }
    }

    /// <summary>
    /// Rust strings cannot hold an unpaired surrogate; the HF bindings turn one into U+FFFD when converting to UTF-8.
    /// Same here (one char for one char, so offsets are unchanged).
    /// </summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>HF <c>encode</c>: sequences, truncation (room left for special tokens), post-processing, padding.</summary>
    public Encoding Encode(string text, string? pair, bool addSpecialTokens, TruncationSettings? truncation, PaddingSettings? padding)
    {
        Encoding result;
        if (pair is null && truncation is null && SingleFrame() is { } frame)
        {
            result = EncodeSequence(text, frame.SequenceTypeId, addSpecialTokens ? frame : null, wordSpans: true);
        }
        else
        {
            var a = EncodeSequence(text, 0);
            var b = pair is null ? null : EncodeSequence(pair, 1);
            result = PostProcess(a, b, addSpecialTokens, truncation);
        }

        if (padding is not null)
        {
            Pad([result], padding);
        }

        return result;
    }

    public Encoding PostProcess(Encoding a, Encoding? b, bool addSpecialTokens, TruncationSettings? truncation)
    {
        if (truncation is not null)
        {
            var added = addSpecialTokens ? PostProcessor?.AddedTokens(b is not null) ?? 0 : 0;
            if (truncation.MaxLength < added)
            {
                throw new ArgumentException($"max_length {truncation.MaxLength} leaves no room for the {added} special tokens");
            }

            Truncator.Truncate(a, b, truncation with { MaxLength = truncation.MaxLength - added });
        }

        var list = new List<Encoding> { a };
        if (b is not null)
        {
            list.Add(b);
        }

        PostProcessor?.ProcessEncodings(list, addSpecialTokens);
        var result = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            result.Append(list[i]);
            if (list[i].OverflowList.Count > 0)
            {
                result.OverflowList.AddRange(list[i].OverflowList);
            }
        }

        return result;
    }

    public static void Pad(IReadOnlyList<Encoding> encodings, PaddingSettings padding)
    {
        var target = padding.FixedLength ?? 0;
        if (padding.FixedLength is null)
        {
            foreach (var e in encodings)
            {
                target = Math.Max(target, e.Length);
                foreach (var o in e.OverflowList)
                {
                    target = Math.Max(target, o.Length);
                }
            }
        }

        if (padding.PadToMultipleOf is { } m && m > 0 && target % m != 0)
        {
            target += m - (target % m);
        }

        foreach (var e in encodings)
        {
            e.Pad(target, padding.PadId, padding.PadTypeId, padding.PadToken, padding.Left);
        }
    }

    /// <summary>HF <c>decode</c>: ids → tokens (unknown ids dropped, special tokens optionally skipped) → decoder.</summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens)
    {
        var tokens = new List<string>(ids.Length);
        foreach (var id in ids)
        {
            var token = IdToToken(id);
            if (token is null || (skipSpecialTokens && AddedVocabulary.IsSpecialId(id)))
            {
                continue;
            }

            tokens.Add(token);
        }

        return DecodeTokens(tokens);
    }

    public string DecodeTokens(List<string> tokens) =>
        Decoder is null ? string.Join(' ', tokens) : string.Concat(Decoder.DecodeChain(tokens));
}
