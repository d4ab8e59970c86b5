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

    /// <summary>Per-thread list of the tokens of each split of the sequence being encoded (counted before the result is sized).</summary>
    [ThreadStatic]
    private static List<Token[]>? splitTokensScratch;

    /// <summary>Encodes one sequence without special tokens (HF <c>encode_single_sequence</c>).</summary>
    public Encoding EncodeSequence(string text, int typeId)
    {
        var pre = PreTokenize(text);
        var splitTokens = splitTokensScratch ?? new List<Token[]>(pre.Splits.Count);
        splitTokensScratch = null;
        var count = 0;
        foreach (var split in pre.Splits)
        {
            var tokens = split.Tokens ?? Model.Tokenize(split.Normalized.Text);
            splitTokens.Add(tokens);
            count += tokens.Length;
        }

        var encoding = Encoding.Empty(count);
        for (var i = 0; i < pre.Splits.Count; i++)
        {
            var normalized = pre.Splits[i].Normalized;
            foreach (var t in splitTokens[i])
            {
                encoding.Add(t.Id, typeId, t.Value, normalized.ToOriginal(t.Start, t.End), 0);
            }
        }

        splitTokens.Clear();
        if (splitTokens.Capacity <= 4096)
        {
            splitTokensScratch = splitTokens;
        }

        return encoding;
    }

    /// <summary>Added tokens, normalizer and pre-tokenizer applied to one sequence: the splits the model then tokenizes.</summary>
    private PreTokenizedString PreTokenize(string text)
    {
        var pre = new PreTokenizedString(NormalizedString.FromOriginal(ReplaceLoneSurrogates(text)));
        AddedVocabulary.ExtractAndNormalize(pre, Normalizer);
        PreTokenizer?.PreTokenize(pre);
        return pre;
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
        var a = EncodeSequence(text, 0);
        var b = pair is null ? null : EncodeSequence(pair, 1);
        var result = PostProcess(a, b, addSpecialTokens, truncation);
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
