using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>One generated table: its class, what it holds, how to probe it from HF, and the checked-in ranges.</summary>
internal sealed record GeneratedTable(string Class, string Description, Func<List<(int First, int Last)>> Probe, GeneratedTable.RangesGetter CheckedIn)
{
    public delegate ReadOnlySpan<int> RangesGetter();
}

/// <summary>The generated Unicode tables and the probe that derives each from HF <c>tokenizers</c>.</summary>
internal static class GeneratedTables
{
    public static readonly GeneratedTable[] All =
    [
        new("RustNumeric", "Rust's char::is_numeric, as HF's Digits pre-tokenizer splits", () => Classified(
            """{"type":"Digits","individual_digits":true}""", null, code => code == 4, cp => cp is >= '0' and <= '9'), () => RustNumeric.Ranges),
        new("HfCombiningMarks", "the combining marks HF's StripAccents removes", () => Classified(
            """{"type":"WhitespaceSplit"}""", """{"type":"StripAccents"}""", code => code == 2, _ => false), () => HfCombiningMarks.Ranges),
        new("RustWord", "Rust regex's \\w, as HF's Whitespace pre-tokenizer keeps together", () => Classified(
            """{"type":"Whitespace"}""", null, code => code == 1, cp => cp == 'a'), () => RustWord.Ranges),
        new("OnigWord", "Oniguruma's \\w outside brackets, as HF's Split regexes match it", () => RegexClass(@"\w"), () => OnigWord.Ranges),
        new("OnigWordInClass", "Oniguruma's \\w inside brackets ([\\w]), as HF's Split regexes match it", () => RegexClass(@"[\w]"), () => OnigWordInClass.Ranges),
        new("HfNormalization", "the code points HF's NFC/NFD/NFKC/NFKD leave alone where .NET's change or refuse them", Unnormalized,
            () => HfNormalization.Ranges),
    ];

    private static readonly NormalizationForm[] Forms = [NormalizationForm.FormC, NormalizationForm.FormD, NormalizationForm.FormKC, NormalizationForm.FormKD];

    /// <summary>
    /// The code points that .NET changes (or refuses) in some form, alone between letters or before a combining mark of
    /// class 1 (which shows a non-zero combining class), and that HF leaves unchanged in every form and context.
    /// </summary>
    private static List<(int First, int Last)> Unnormalized()
    {
        var probes = new[] { ("NFC", Forms[0]), ("NFD", Forms[1]), ("NFKC", Forms[2]), ("NFKD", Forms[3]) }
            .Select(f => UnicodeProbe.Bytes(f.Item1, $$"""{"type":"{{f.Item1}}"}""")).ToArray();
        try
        {
            var members = new HashSet<int>();
            foreach (var cp in UnicodeProbe.CodePoints())
            {
                string[] contexts = ["a" + char.ConvertFromUtf32(cp) + "a", char.ConvertFromUtf32(cp) + "\u0334"];
                if (contexts.All(t => Forms.All(f => DotNetKeeps(t, f))))
                {
                    continue;
                }

                if (contexts.All(t => probes.All(p => System.Text.Encoding.UTF8.GetString(p.Hf(t).Select(b => (byte)b).ToArray()) == t)))
                {
                    members.Add(cp);
                }
            }

            return GeneratedTableTests.Ranges(members.Contains);
        }
        finally
        {
            foreach (var p in probes)
            {
                p.Dispose();
            }
        }
    }

    private static bool DotNetKeeps(string text, NormalizationForm form)
    {
        try
        {
            return text.IsNormalized(form);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The code points that HF's regex engine matches with <paramref name="regexClass"/>.</summary>
    private static List<(int First, int Last)> RegexClass(string regexClass)
    {
        using var probe = UnicodeProbe.RegexClass(regexClass);
        var groups = probe.HfGroups();
        return GeneratedTableTests.Ranges(cp => cp is 0 or 'a' or '|' ? cp == 'a' : groups[cp] == 0);
    }

    /// <summary>
    /// Probes every code point <c>c</c> as <c>"a" + c + "a"</c> (see <see cref="UnicodeProbe.GroupCode"/>) and collects
    /// those whose group code <paramref name="member"/> accepts; the probe's own marker chars take <paramref name="markers"/>.
    /// </summary>
    private static List<(int First, int Last)> Classified(string preTokenizer, string? normalizer, Func<byte, bool> member, Func<int, bool> markers)
    {
        using var probe = UnicodeProbe.Classify("table", normalizer, preTokenizer);
        var groups = probe.HfGroups();
        return GeneratedTableTests.Ranges(cp => cp is 0 or 'a' or '|' ? markers(cp) : member(groups[cp]));
    }
}
