using System.Globalization;
using System.Text;

namespace Sharpformers.Tokenization.Tests.Parity;

/// <summary>
/// The differential-test corpus: hand-written lines in many scripts plus programmatic combinations of building blocks
/// (deterministic, so a failure is reproducible). Tokenizer-specific lines embed that tokenizer's added tokens.
/// </summary>
public static class ParityCorpus
{
    public static readonly string[] English =
    [
        "Hello world", "Hello, world!", "The quick brown fox jumps over the lazy dog.", "I can't believe it's not butter!",
        "They're here; we've gone. You'll see, I'd say.", "Mr. Smith went to Washington D.C. on Jan. 3rd.",
        "e-mail: john.doe@example.com, web: https://example.org/path?q=1&r=2#frag", "ALL CAPS SENTENCE HERE",
        "mIxEd CaSe WoRdS", "Don't stop believin'", "\"Quoted\" and 'single quoted' text", "Parentheses (like this) [and this] {and this}",
        "Hyphenated-words and under_scores", "What?! No way... really?", "A sentence with    multiple   spaces.",
        "Tabs\tbetween\twords", "Line one\nLine two\nLine three", "Windows\r\nline endings", "trailing space ", " leading space",
        "Unbelievable unhappiness of antidisestablishmentarianism", "rock'n'roll", "O'Neil's café", "naïve coöperation résumé",
        "fiancé façade jalapeño", "Ünïcödé wörds", "It costs $12.99 or €10,50 or £8 or ¥1000.", "50% off!!! #deal @shop",
        "C++ and C# and F# and .NET", "i.e. e.g. etc. vs.",
    ];

    public static readonly string[] Vietnamese =
    [
        "Việt Nam là quốc gia như thế nào?", "Xin chào, tôi tên là Nguyễn Văn An.", "Tiếng Việt có sáu thanh điệu.",
        "Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam.", "Phở bò tái chín rất ngon!", "Những người bạn thân thiết",
        "Đường phố Sài Gòn đông đúc vào buổi sáng.", "Trường Đại học Bách khoa", "Ngày mai trời có mưa không?",
        "Cảm ơn bạn rất nhiều.", "Quả xoài chín vàng ươm.", "Người ấy đã đi xa rồi.", "Thuyền và biển", "Chúc mừng năm mới!",
        "Tôi yêu ngôn ngữ lập trình C#.",
    ];

    public static readonly string[] OtherScripts =
    [
        "你好，世界！", "我爱自然语言处理。", "中华人民共和国成立于1949年。", "今天天气很好，我们去公园吧。",
        "こんにちは世界", "私は学生です。東京に住んでいます。", "カタカナとひらがなと漢字", "ｶﾀｶﾅ半角 ｶﾞｷﾞ",
        "안녕하세요 세계", "한국어 토크나이저 테스트", "مرحبا بالعالم", "اللغة العربية جميلة جداً.", "שלום עולם",
        "Привет, мир!", "Съешь же ещё этих мягких французских булок.", "Γειά σου Κόσμε", "नमस्ते दुनिया", "สวัสดีชาวโลก",
        "Ελληνικά και Русский и English", "𝐁𝐨𝐥𝐝 𝐦𝐚𝐭𝐡 𝐥𝐞𝐭𝐭𝐞𝐫𝐬", "𠀀𠀁𠀂 rare CJK", "ﬁ ﬂ ligatures ﬃ", "Ⅻ ① ⑵ ¼ ½ ²³",
        "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３", "İstanbul ıı İİ", "ß ẞ Straße", "ǅ ǈ ǋ titlecase", "Σίσυφος ΟΔΟΣ",
    ];

    public static readonly string[] Emoji =
    [
        "I love 🍕 and 🍣!", "👍🏽 thumbs up", "Family: 👨‍👩‍👧‍👦", "Flags 🇻🇳 🇺🇸 🇯🇵", "🏳️‍🌈 rainbow flag", "😀😃😄😁😆😅🤣😂",
        "❤️ red heart ♥ suit", "🧑🏿‍💻 coding", "Keycap 1️⃣ #️⃣", "emoji🙂without🙃spaces", "🚀🚀🚀🚀🚀",
    ];

    public static readonly string[] Code =
    [
        "def hello(name: str) -> None:\n    print(f\"Hello, {name}!\")", "for (int i = 0; i < n; i++) { sum += a[i]; }",
        "if (x != null && x.Length > 0) return x[0];", "{\"key\": \"value\", \"list\": [1, 2, 3], \"nested\": {\"a\": null}}",
        "SELECT * FROM users WHERE id = 42 ORDER BY name;", "<div class=\"main\"><p>Hello</p></div>", "x = lambda a, b: a ** b // 2",
        "#include <stdio.h>\nint main() { return 0; }", "    indented = True\n        more_indented = False",
        "git commit -m \"fix: handle edge-case\" && git push origin main", "const f = async () => await fetch('/api');",
        "a+=1;b-=2;c*=3;d/=4;e%=5", "~/path/to/file.txt C:\\Windows\\System32", "var_name_1 = VarName2 + varName3",
    ];

    public static readonly string[] Numbers =
    [
        "1234567890", "3.14159265358979", "1,000,000.00", "-42", "+7 (912) 345-67-89", "2024-01-15T10:30:00Z", "0xDEADBEEF",
        "1e-10", "٣٤٥ Arabic-Indic digits", "१२३ Devanagari digits", "12345678901234567890123456789", "v1.2.3-beta.4", "99.9%",
    ];

    public static readonly string[] Whitespace =
    [
        " ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", " \n ", "a  b", "a   b", "a\u00A0b", "a\u3000b",
        "word    ", "    word", "  spaced  out  ", "\ttab start", "end tab\t", "mixed \t \n whitespace", "a\u2009b\u200Ac",
        "", "x", ".", "!!", "...", "?!", "'", "''", "``quotes''",
    ];

    public static readonly string[] Control =
    [
        "nul\u0000char", "bell\u0007char", "esc\u001b[0m", "del\u007fchar", "nel\u0085char", "zero\u200bwidth", "bom\ufeffchar",
        "soft\u00adhyphen", "rtl\u200fmark", "lrm\u200emark", "\u0001\u0002\u0003", "joiner\u200dnon\u200cjoiner", "repl\ufffdchar",
        "private\ue000use", "line\u2028sep", "para\u2029sep", "vt\u000bff\u000c",
    ];

    public static readonly string[] Long =
    [
        new string('a', 300), string.Concat(Enumerable.Repeat("supercalifragilistic", 20)), new string('9', 120),
        string.Concat(Enumerable.Repeat("中文", 80)), string.Concat(Enumerable.Repeat("ha", 150)), new string('!', 100),
        string.Concat(Enumerable.Repeat("Việt", 40)), new string(' ', 64) + "end", string.Concat(Enumerable.Repeat("🙂", 50)),
        "Pneumonoultramicroscopicsilicovolcanoconiosis", string.Concat(Enumerable.Repeat("abc123", 60)),
    ];

    public static readonly string[] CommonSpecialTokens =
    [
        "<s>", "</s>", "<unk>", "<pad>", "<mask>", "[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "<|endoftext|>", "<|user|>",
        "<|assistant|>", "<|end|>", "<|system|>", "<|im_start|>", "<|im_end|>",
    ];

    private static readonly string[] Separators = [" ", "", "\n", "  ", "\t", ", ", ". ", " - ", "\n\n", "!"];

    /// <summary>All hand-written lines (with NFD and accent-free variants of the Vietnamese ones).</summary>
    public static IReadOnlyList<string> HandWritten()
    {
        var lines = new List<string>();
        lines.AddRange(English);
        foreach (var v in Vietnamese)
        {
            lines.Add(v);
            lines.Add(v.Normalize(NormalizationForm.FormD));
            lines.Add(RemoveDiacritics(v));
        }

        lines.AddRange(OtherScripts);
        lines.AddRange(Emoji);
        lines.AddRange(Code);
        lines.AddRange(Numbers);
        lines.AddRange(Whitespace);
        lines.AddRange(Control);
        lines.AddRange(Long);
        return lines;
    }

    /// <summary>The full corpus for a tokenizer: hand-written lines, combinations, and lines embedding its added tokens.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> addedTokens, int combinations = 1700)
    {
        var blocks = HandWritten();
        var lines = new List<string>(blocks);
        var random = new Random(20261130);
        for (var i = 0; i < combinations; i++)
        {
            var parts = 2 + random.Next(3);
            var sb = new StringBuilder();
            for (var p = 0; p < parts; p++)
            {
                if (p > 0)
                {
                    sb.Append(Separators[random.Next(Separators.Length)]);
                }

                var block = blocks[random.Next(blocks.Count)];
                if (block.Length > 80)
                {
                    block = block[..(40 + random.Next(40))];
                    if (char.IsHighSurrogate(block[^1]))
                    {
                        block = block[..^1];
                    }
                }

                sb.Append(block);
            }

            lines.Add(sb.ToString());
        }

        var specials = new List<string>(CommonSpecialTokens);
        foreach (var t in addedTokens)
        {
            if (specials.Count >= CommonSpecialTokens.Length + 12)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(t) && !specials.Contains(t))
            {
                specials.Add(t);
            }
        }

        foreach (var s in specials)
        {
            lines.Add($"{s}Hello world{s}");
            lines.Add($"Hello {s} world");
            lines.Add($"Xin chào{s} thế giới {s}");
            lines.Add($"{s}");
            lines.Add($"  {s}  ");
            lines.Add($"a{s}{s}b");
            lines.Add($"{s}\n{s}");
        }

        return lines;
    }

    private static string RemoveDiacritics(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
            }
        }

        return sb.ToString();
    }
}
