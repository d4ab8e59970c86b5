namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>The character questions HF <c>tokenizers</c> asks, each as a probe tokenizer.</summary>
internal static class ProbeCatalog
{
    /// <summary>Oniguruma's general categories (Cs cannot occur in a Rust string).</summary>
    public static readonly string[] Categories =
    [
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
        "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cn",
    ];

    /// <summary>Regex classes that the fixture tokenizers' patterns (and HF's built-in ones) use.</summary>
    public static readonly string[] RegexClasses =
    [
        @"\p{L}", @"\p{N}", @"[^\s\p{L}\p{N}]", @"[^\r\n\p{L}\p{N}]", @"\s", @"\S", @"\w", @"\W", @"[\w]", @"[^\w\s]", @".", @"[\p{L}]", @"[\p{N}]",
    ];

    /// <summary>Classification probes (WordLevel): name → (normalizer, pre-tokenizer).</summary>
    public static readonly (string Name, string? Normalizer, string PreTokenizer)[] Classifications =
    [
        ("bert-clean-text", """{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}""", """{"type":"WhitespaceSplit"}"""),
        ("bert-chinese-chars", """{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":false,"lowercase":false}""", """{"type":"WhitespaceSplit"}"""),
        ("bert-strip-accents", """{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}""", """{"type":"WhitespaceSplit"}"""),
        ("strip-accents", """{"type":"StripAccents"}""", """{"type":"WhitespaceSplit"}"""),
        ("bert-pre-tokenizer", null, """{"type":"BertPreTokenizer"}"""),
        ("punctuation", null, """{"type":"Punctuation","behavior":"Isolated"}"""),
        ("whitespace", null, """{"type":"Whitespace"}"""),
        ("whitespace-split", null, """{"type":"WhitespaceSplit"}"""),
        ("digits", null, """{"type":"Digits","individual_digits":true}"""),
        ("metaspace", null, """{"type":"Metaspace","replacement":"▁","prepend_scheme":"never","split":true}"""),
        ("strip", """{"type":"Strip","strip_left":true,"strip_right":true}""", """{"type":"Split","pattern":{"String":"a"},"behavior":"Isolated","invert":false}"""),
    ];

    /// <summary>Byte probes (the normalizer's output as UTF-8 bytes): name → normalizer.</summary>
    public static readonly (string Name, string Normalizer)[] Mappings =
    [
        ("bert-normalizer", """{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"""),
        ("lowercase", """{"type":"Lowercase"}"""),
        ("nfd", """{"type":"NFD"}"""),
        ("nfc", """{"type":"NFC"}"""),
        ("nfkd", """{"type":"NFKD"}"""),
        ("nfkc", """{"type":"NFKC"}"""),
    ];
}
