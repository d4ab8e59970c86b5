using System.Text;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Decoders;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.PostProcessors;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.Loading;

/// <summary>
/// The one place that maps tokenizer.json's tagged <c>"type"</c> to pipeline components (HF's wrapper enums).
/// Unknown types and malformed fields fail with the JSON path.
/// </summary>
internal static class ComponentFactory
{
    public static INormalizer Normalizer(JsonCursor j) => j.Type() switch
    {
        "Sequence" => new SequenceNormalizer(Normalizers(j.Required("normalizers"))),
        "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
        "NFD" => new UnicodeNormalizer(NormalizationForm.FormD),
        "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
        "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD),
        "Lowercase" => new LowercaseNormalizer(),
        "StripAccents" => new StripAccentsNormalizer(),
        "Strip" => new StripNormalizer(j.OptionalBool("strip_left", true), j.OptionalBool("strip_right", true)),
        "Replace" => new ReplaceNormalizer(Pattern(j.Required("pattern")), j.Required("content").String()),
        "Prepend" => new PrependNormalizer(j.Required("prepend").String()),
        "Nmt" => new NmtNormalizer(),
        "ByteLevel" => new ByteLevelNormalizer(),
        "BertNormalizer" => new BertNormalizer(
            j.OptionalBool("clean_text", true),
            j.OptionalBool("handle_chinese_chars", true),
            j.Optional("strip_accents")?.Bool(),
            j.OptionalBool("lowercase", true)),
        "Precompiled" => Precompiled(j),
        var other => throw j.Required("type").Fail($"unknown normalizer type '{other}'"),
    };

    public static IPreTokenizer PreTokenizer(JsonCursor j) => j.Type() switch
    {
        "Sequence" => new SequencePreTokenizer(PreTokenizers(j.Required("pretokenizers"))),
        "ByteLevel" => new ByteLevelPreTokenizer(j.OptionalBool("add_prefix_space", true), j.OptionalBool("use_regex", true)),
        "Metaspace" => new MetaspacePreTokenizer(Replacement(j), Scheme(j), j.OptionalBool("split", true)),
        "Whitespace" => SplitPreTokenizer.Whitespace(),
        "WhitespaceSplit" => SplitPreTokenizer.WhitespaceSplit(),
        "BertPreTokenizer" => new BertPreTokenizer(),
        "Punctuation" => SplitPreTokenizer.Punctuation(Behavior(j.Optional("behavior"), SplitBehavior.Isolated)),
        "Digits" => SplitPreTokenizer.Digits(j.OptionalBool("individual_digits", false)),
        "CharDelimiterSplit" => SplitPreTokenizer.CharDelimiter(SingleChar(j.Required("delimiter"))),
        "Split" => new SplitPreTokenizer(Pattern(j.Required("pattern")), Behavior(j.Required("behavior"), SplitBehavior.Removed), j.OptionalBool("invert", false)),
        var other => throw j.Required("type").Fail($"unknown pre-tokenizer type '{other}'"),
    };

    public static IDecoder Decoder(JsonCursor j) => j.Type() switch
    {
        "Sequence" => new SequenceDecoder(Decoders(j.Required("decoders"))),
        "ByteLevel" => new ByteLevelDecoder(),
        "Metaspace" => new MetaspaceDecoder(Replacement(j), Scheme(j)),
        "ByteFallback" => new ByteFallbackDecoder(),
        "Fuse" => new FuseDecoder(),
        "Strip" => new StripDecoder(SingleChar(j.Required("content")), j.Required("start").Int(), j.Required("stop").Int()),
        "Replace" => new ReplaceDecoder(Pattern(j.Required("pattern")), j.Required("content").String()),
        "WordPiece" => new WordPieceDecoder(j.OptionalString("prefix") ?? "##", j.OptionalBool("cleanup", true)),
        "BPEDecoder" => new BpeDecoder(j.OptionalString("suffix") ?? "</w>"),
        "CTC" => new CtcDecoder(j.OptionalString("pad_token") ?? "<pad>", j.OptionalString("word_delimiter_token") ?? "|", j.OptionalBool("cleanup", true)),
        var other => throw j.Required("type").Fail($"unknown decoder type '{other}'"),
    };

    public static IPostProcessor PostProcessor(JsonCursor j) => j.Type() switch
    {
        "Sequence" => new SequencePostProcessor(PostProcessors(j.Required("processors"))),
        "ByteLevel" => new ByteLevelPostProcessor(j.OptionalBool("trim_offsets", true), j.OptionalBool("add_prefix_space", true)),
        "BertProcessing" => new BertPostProcessor(TokenAndId(j.Required("sep")), TokenAndId(j.Required("cls"))),
        "RobertaProcessing" => new RobertaPostProcessor(TokenAndId(j.Required("sep")), TokenAndId(j.Required("cls")), j.OptionalBool("trim_offsets", true), j.OptionalBool("add_prefix_space", true)),
        "TemplateProcessing" => Template(j),
        var other => throw j.Required("type").Fail($"unknown post-processor type '{other}'"),
    };

    public static SplitPattern Pattern(JsonCursor j)
    {
        if (j.Has("String"))
        {
            return SplitPattern.Literal(j.Required("String").String());
        }

        if (j.Has("Regex"))
        {
            var r = j.Required("Regex");
            try
            {
                return SplitPattern.FromRegex(r.String());
            }
            catch (ArgumentException e)
            {
                throw r.Fail($"regex not supported: {e.Message}", e);
            }
        }

        throw j.Fail("expected a pattern object with \"String\" or \"Regex\"");
    }

    private static SplitBehavior Behavior(JsonCursor? j, SplitBehavior fallback)
    {
        if (j is not { } c)
        {
            return fallback;
        }

        return c.String() switch
        {
            "Removed" => SplitBehavior.Removed,
            "Isolated" => SplitBehavior.Isolated,
            "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
            "MergedWithNext" => SplitBehavior.MergedWithNext,
            "Contiguous" => SplitBehavior.Contiguous,
            var other => throw c.Fail($"unknown split behavior '{other}' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)"),
        };
    }

    private static char Replacement(JsonCursor j) => SingleChar(j.Required("replacement"));

    private static PrependScheme Scheme(JsonCursor j)
    {
        if (j.Optional("prepend_scheme") is { } s)
        {
            return s.String() switch
            {
                "always" => PrependScheme.Always,
                "never" => PrependScheme.Never,
                "first" => PrependScheme.First,
                var other => throw s.Fail($"unknown prepend_scheme '{other}' (expected always, never or first)"),
            };
        }

        return j.OptionalBool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
    }

    private static char SingleChar(JsonCursor j)
    {
        var s = j.String();
        return s.Length == 1 ? s[0] : throw j.Fail($"expected a single character, found '{s}'");
    }

    /// <summary>Reads every item of a JSON array with <paramref name="read"/> (a loop, not LINQ: this runs once per load, mostly as tier-0 code).</summary>
    private static List<T> Each<T>(JsonCursor j, Func<JsonCursor, T> read)
        where T : class
    {
        var items = j.Items();
        var list = new List<T>(items.Length);
        foreach (var item in items)
        {
            list.Add(read(item));
        }

        return list;
    }

    private static List<INormalizer> Normalizers(JsonCursor j) => Each(j, Normalizer);

    private static List<IPreTokenizer> PreTokenizers(JsonCursor j) => Each(j, PreTokenizer);

    private static List<IDecoder> Decoders(JsonCursor j) => Each(j, Decoder);

    private static List<IPostProcessor> PostProcessors(JsonCursor j) => Each(j, PostProcessor);

    private static (string Token, int Id) TokenAndId(JsonCursor j)
    {
        var items = j.Items();
        if (items.Length != 2)
        {
            throw j.Fail("expected [token, id]");
        }

        return (items[0].String(), items[1].Int());
    }

    private static INormalizer Precompiled(JsonCursor j)
    {
        var c = j.Optional("precompiled_charsmap");
        if (c is null)
        {
            return new PrecompiledNormalizer([]);
        }

        try
        {
            return new PrecompiledNormalizer(Convert.FromBase64String(c.Value.String()));
        }
        catch (FormatException e)
        {
            throw c.Value.Fail($"invalid precompiled charsmap: {e.Message}", e);
        }
    }

    private static TemplatePostProcessor Template(JsonCursor j)
    {
        var specials = new Dictionary<string, TemplateSpecialToken>(StringComparer.Ordinal);
        if (j.Optional("special_tokens") is { } st)
        {
            foreach (var (name, value) in st.Properties())
            {
                var idItems = value.Required("ids").Items();
                var ids = new int[idItems.Length];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = idItems[i].Int();
                }

                var tokenItems = value.Required("tokens").Items();
                var tokens = new string[tokenItems.Length];
                for (var i = 0; i < tokens.Length; i++)
                {
                    tokens[i] = tokenItems[i].String();
                }

                if (ids.Length != tokens.Length)
                {
                    throw value.Fail("ids and tokens must have the same length");
                }

                specials[name] = new TemplateSpecialToken(value.OptionalString("id") ?? name, ids, tokens);
            }
        }

        var single = TemplatePieces(j.Required("single"), specials);
        var pair = j.Optional("pair") is { } p ? TemplatePieces(p, specials) : single;
        return new TemplatePostProcessor(single, pair, specials);
    }

    private static List<TemplatePiece> TemplatePieces(JsonCursor j, Dictionary<string, TemplateSpecialToken> specials)
    {
        var items = j.Items();
        var pieces = new List<TemplatePiece>(items.Length);
        foreach (var item in items)
        {
            if (item.Optional("Sequence") is { } seq)
            {
                var id = seq.Required("id").String();
                if (id is not ("A" or "B"))
                {
                    throw seq.Required("id").Fail($"expected \"A\" or \"B\", found '{id}'");
                }

                pieces.Add(new TemplatePiece(true, id, seq.OptionalInt("type_id") ?? 0));
            }
            else if (item.Optional("SpecialToken") is { } sp)
            {
                var id = sp.Required("id").String();
                if (!specials.ContainsKey(id))
                {
                    throw sp.Required("id").Fail($"special token '{id}' is missing from special_tokens");
                }

                pieces.Add(new TemplatePiece(false, id, sp.OptionalInt("type_id") ?? 0));
            }
            else
            {
                throw item.Fail("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
            }
        }

        return pieces;
    }
}
