using System.Text.Json;
using Sharpformers.Tokenization.AddedTokens;
using Sharpformers.Tokenization.Decoders;
using Sharpformers.Tokenization.Interop;
using Sharpformers.Tokenization.Loading;
using Sharpformers.Tokenization.Streaming;

namespace Sharpformers.Tokenization;

/// <summary>
/// A Hugging Face fast tokenizer (<c>tokenizer.json</c>) with the transformers-level settings of its folder: encodes and
/// decodes exactly as HF <c>tokenizers</c> does, and exposes special tokens as <c>PreTrainedTokenizerFast</c> does.
/// Thread-safe.
/// </summary>
public sealed partial class PretrainedTokenizer
{
    private readonly bool cleanUpDefault;
    private readonly PaddingSide paddingSide;

    private PretrainedTokenizer(TokenizerPipeline pipeline, TokenizerConfigFiles? files, TokenizerOptions? options)
    {
        Pipeline = pipeline;
        TokenizerConfig = files?.Config;
        var special = files?.SpecialTokens ?? [];
        BosToken = special.GetValueOrDefault("bos_token");
        EosToken = special.GetValueOrDefault("eos_token");
        UnkToken = special.GetValueOrDefault("unk_token");
        PadToken = special.GetValueOrDefault("pad_token");
        SepToken = special.GetValueOrDefault("sep_token");
        ClsToken = special.GetValueOrDefault("cls_token");
        MaskToken = special.GetValueOrDefault("mask_token");
        AdditionalSpecialTokens = files?.AdditionalSpecialTokens ?? [];
        var ids = new List<int>();
        foreach (var name in TokenizerConfigFiles.SpecialTokenNames)
        {
            if (special.GetValueOrDefault(name) is { } t && ConvertTokenToId(t) is { } id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        foreach (var t in AdditionalSpecialTokens)
        {
            if (ConvertTokenToId(t) is { } id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        AllSpecialIds = ids;
        cleanUpDefault = options?.CleanUpTokenizationSpaces ?? ConfigBool("clean_up_tokenization_spaces") ?? false;
        ModelMaxLength = options?.ModelMaxLength ?? ConfigMaxLength();
        paddingSide = options?.PaddingSide ?? (ConfigString("padding_side") == "left" ? PaddingSide.Left : PaddingSide.Right);
    }

    /// <summary>The raw tokenizer_config.json (e.g. to read <c>chat_template</c>), or null when the folder has none.</summary>
    public JsonElement? TokenizerConfig { get; }

    /// <summary><c>model_max_length</c> from tokenizer_config.json (null when absent or larger than <see cref="int.MaxValue"/>).</summary>
    public int? ModelMaxLength { get; }

    /// <summary>Size of the model's vocabulary without added tokens (transformers <c>vocab_size</c>).</summary>
    public int VocabSize => Pipeline.Model.VocabSize;

    /// <summary>Vocabulary size including added tokens (transformers <c>len(tokenizer)</c>).</summary>
    public int TotalVocabSize
    {
        get
        {
            var count = Pipeline.Model.VocabSize;
            foreach (var t in Pipeline.AddedVocabulary.Tokens)
            {
                if (Pipeline.Model.TokenToId(t.Content) is null)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Beginning-of-sequence token, or null.</summary>
    public string? BosToken { get; }

    /// <summary>Id of <see cref="BosToken"/>, or null.</summary>
    public int? BosTokenId => IdOf(BosToken);

    /// <summary>End-of-sequence token, or null.</summary>
    public string? EosToken { get; }

    /// <summary>Id of <see cref="EosToken"/>, or null.</summary>
    public int? EosTokenId => IdOf(EosToken);

    /// <summary>Padding token, or null (many decoder-only models have none).</summary>
    public string? PadToken { get; }

    /// <summary>Id of <see cref="PadToken"/>, or null.</summary>
    public int? PadTokenId => IdOf(PadToken);

    /// <summary>Unknown token, or null.</summary>
    public string? UnkToken { get; }

    /// <summary>Id of <see cref="UnkToken"/>, or null.</summary>
    public int? UnkTokenId => IdOf(UnkToken);

    /// <summary>Separator token (BERT-style), or null.</summary>
    public string? SepToken { get; }

    /// <summary>Classifier token (BERT-style), or null.</summary>
    public string? ClsToken { get; }

    /// <summary>Mask token, or null.</summary>
    public string? MaskToken { get; }

    /// <summary>transformers <c>additional_special_tokens</c>.</summary>
    public IReadOnlyList<string> AdditionalSpecialTokens { get; }

    /// <summary>Ids of all named and additional special tokens (transformers <c>all_special_ids</c>).</summary>
    public IReadOnlyList<int> AllSpecialIds { get; }

    internal TokenizerPipeline Pipeline { get; }

    /// <summary>Loads a single tokenizer.json file (no transformers config: special-token properties stay null).</summary>
    /// <param name="tokenizerJsonPath">Path of the tokenizer.json.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses an unsupported component.</exception>
    public static PretrainedTokenizer FromFile(string tokenizerJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerJsonPath);
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new FileNotFoundException($"tokenizer file '{tokenizerJsonPath}' does not exist", tokenizerJsonPath);
        }

        return new PretrainedTokenizer(TokenizerJsonLoader.Load(tokenizerJsonPath), null, null);
    }

    internal static PretrainedTokenizer Load(string tokenizerJsonPath, string folder, TokenizerOptions? options)
    {
        var pipeline = TokenizerJsonLoader.Load(tokenizerJsonPath);
        var files = TokenizerConfigFiles.Read(folder);
        var extra = files.NewAddedTokens(pipeline).ToList();
        if (extra.Count > 0)
        {
            var all = new List<AddedToken>(pipeline.AddedVocabulary.Tokens);
            all.AddRange(extra);
            pipeline = pipeline.WithAddedVocabulary(new AddedVocabulary(all, pipeline.Normalizer));
        }

        pipeline = LlamaStylePostProcessor.Apply(pipeline, files);
        return new PretrainedTokenizer(pipeline, files, options);
    }

    /// <summary>Encodes one text (no truncation or padding, as transformers' default call).</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Add the model's special tokens (BOS, [CLS]/[SEP]...).</param>
    /// <returns>Ids, tokens, masks and offsets.</returns>
    public Encoding Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pipeline.Encode(text, null, addSpecialTokens, null, null);
    }

    /// <summary>Encodes a text pair (e.g. question and context).</summary>
    /// <param name="text">The first sequence.</param>
    /// <param name="pair">The second sequence.</param>
    /// <param name="addSpecialTokens">Add the model's special tokens.</param>
    /// <returns>The pair's encoding; <see cref="Encoding.TypeIds"/> tell the sequences apart.</returns>
    public Encoding Encode(string text, string pair, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pair);
        return Pipeline.Encode(text, pair, addSpecialTokens, null, null);
    }

    /// <summary>Encodes several texts with optional truncation and padding (transformers <c>tokenizer(texts, ...)</c>).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="options">Padding, truncation and special-token options (defaults: none, none, add).</param>
    /// <returns>One encoding per text, in order; overflowing pieces in <see cref="Encoding.Overflowing"/>.</returns>
    public IReadOnlyList<Encoding> EncodeBatch(IReadOnlyList<string> texts, EncodeBatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new EncodeBatchOptions();
        if (options.Pairs is { } pairs && pairs.Count != texts.Count)
        {
            throw new ArgumentException($"{pairs.Count} pairs for {texts.Count} texts", nameof(options));
        }

        TruncationSettings? truncation = null;
        if (options.Truncation)
        {
            var max = options.MaxLength ?? ModelMaxLength
                ?? throw new ArgumentException("truncation needs MaxLength: the tokenizer has no model_max_length", nameof(options));
            truncation = new TruncationSettings(max, options.Stride, options.TruncationSide == PaddingSide.Left,
                OnlySecond: options.TruncationStrategy == TruncationStrategy.OnlySecond, OnlyFirst: options.TruncationStrategy == TruncationStrategy.OnlyFirst);
        }

        var result = new Encoding[texts.Count];
        Parallel.For(0, texts.Count, i =>
            result[i] = Pipeline.Encode(texts[i], options.Pairs?[i], options.AddSpecialTokens, truncation, null));

        if (options.Padding != PaddingStrategy.None)
        {
            var padId = PadTokenId ?? throw new InvalidOperationException(
                "asking to pad but the tokenizer has no pad token (set one, e.g. the EOS token, as transformers requires)");
            int? fixedLength = null;
            if (options.Padding == PaddingStrategy.MaxLength)
            {
                fixedLength = options.MaxLength ?? ModelMaxLength
                    ?? throw new ArgumentException("padding to max length needs MaxLength: the tokenizer has no model_max_length", nameof(options));
            }

            TokenizerPipeline.Pad(result, new PaddingSettings(fixedLength, (options.PaddingSide ?? paddingSide) == PaddingSide.Left, options.PadToMultipleOf, padId, 0, PadToken!));
        }

        return result;
    }

    /// <summary>
    /// The prefix the model gives pieces that continue a word (<c>##</c> for WordPiece; a BPE's <c>continuing_subword_prefix</c>),
    /// or <see langword="null"/> when it has none (transformers reads <c>tokenizer._tokenizer.model.continuing_subword_prefix</c>).
    /// </summary>
    public string? ContinuingSubwordPrefix => Pipeline.Model switch
    {
        Models.WordPieceModel wordPiece => wordPiece.ContinuingSubwordPrefix,
        Models.BpeModel bpe => string.IsNullOrEmpty(bpe.Options.ContinuingSubwordPrefix) ? null : bpe.Options.ContinuingSubwordPrefix,
        _ => null,
    };

    /// <summary>Joins tokens into text through the tokenizer's decoder (transformers <c>convert_tokens_to_string</c>; no clean-up).</summary>
    /// <param name="tokens">Token strings as the vocabulary spells them.</param>
    /// <returns>The text.</returns>
    public string ConvertTokensToString(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Pipeline.DecodeTokens([.. tokens]);
    }

    /// <summary>Decodes ids to text (transformers <c>decode</c>). Unknown ids are ignored.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out special tokens.</param>
    /// <param name="cleanUpTokenizationSpaces">Apply transformers' space cleanup (" ." → "."...); null uses the config's default.</param>
    /// <returns>The text.</returns>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        var text = Pipeline.Decode(ids, skipSpecialTokens);
        return cleanUpTokenizationSpaces ?? cleanUpDefault ? CleanUp.Transformers(text) : text;
    }

    /// <summary>Decodes ids to text (see <see cref="Decode(ReadOnlySpan{int}, bool, bool?)"/>).</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out special tokens.</param>
    /// <param name="cleanUpTokenizationSpaces">Apply transformers' space cleanup; null uses the config's default.</param>
    /// <returns>The text.</returns>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Decode(ids.ToArray().AsSpan(), skipSpecialTokens, cleanUpTokenizationSpaces);
    }

    /// <summary>Decodes several id sequences.</summary>
    /// <param name="sequences">The id sequences.</param>
    /// <param name="skipSpecialTokens">Leave out special tokens.</param>
    /// <param name="cleanUpTokenizationSpaces">Apply transformers' space cleanup; null uses the config's default.</param>
    /// <returns>One text per sequence.</returns>
    public IReadOnlyList<string> DecodeBatch(IEnumerable<IReadOnlyList<int>> sequences, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var result = new List<string>();
        foreach (var s in sequences)
        {
            result.Add(Decode(s, skipSpecialTokens, cleanUpTokenizationSpaces));
        }

        return result;
    }

    /// <summary>Id of a token (added tokens first, then the model's vocabulary), or null.</summary>
    /// <param name="token">The token string as in the vocabulary.</param>
    /// <returns>The id, or null when unknown.</returns>
    public int? ConvertTokenToId(string token) => Pipeline.TokenToId(token);

    /// <summary>Ids of tokens; unknown tokens map to <see cref="UnkTokenId"/> (null when there is none), as transformers.</summary>
    /// <param name="tokens">Token strings.</param>
    /// <returns>One id (or null) per token.</returns>
    public IReadOnlyList<int?> ConvertTokensToIds(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new List<int?>();
        foreach (var t in tokens)
        {
            result.Add(Pipeline.TokenToId(t) ?? UnkTokenId);
        }

        return result;
    }

    /// <summary>Token strings of ids (null for ids outside the vocabulary).</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out special tokens.</param>
    /// <returns>The tokens.</returns>
    public IReadOnlyList<string?> ConvertIdsToTokens(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<string?>();
        foreach (var id in ids)
        {
            if (skipSpecialTokens && (Pipeline.AddedVocabulary.IsSpecialId(id) || AllSpecialIds.Contains(id)))
            {
                continue;
            }

            result.Add(Pipeline.IdToToken(id));
        }

        return result;
    }

    /// <summary>An incremental decoder that turns ids into text as they are generated (see <see cref="StreamingDecoder"/>).</summary>
    /// <param name="skipSpecialTokens">Leave out special tokens (default true, as chat output wants).</param>
    /// <returns>A new decoder (not thread-safe; one per stream).</returns>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = true) => new(this, skipSpecialTokens);

    /// <summary>This tokenizer as a <see cref="Microsoft.ML.Tokenizers.Tokenizer"/> for code that counts or chunks tokens.</summary>
    /// <param name="addSpecialTokens">Whether <c>EncodeToIds</c>/<c>CountTokens</c> add the special tokens.</param>
    /// <returns>An adapter over this tokenizer.</returns>
    public Microsoft.ML.Tokenizers.Tokenizer AsTokenizer(bool addSpecialTokens = false) => new MlTokenizerAdapter(this, addSpecialTokens);

    private int? IdOf(string? token) => token is null ? null : Pipeline.TokenToId(token);

    private bool? ConfigBool(string name) =>
        TokenizerConfig is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;

    private string? ConfigString(string name) =>
        TokenizerConfig is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private int? ConfigMaxLength() =>
        TokenizerConfig is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("model_max_length", out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetDouble(out var d) && d <= int.MaxValue && d >= 0
            ? (int)d
            : null;
}
