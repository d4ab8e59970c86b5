using System.Text;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>
/// Random strings drawn from every Unicode plane (ASCII, assigned and unassigned BMP, combining marks, format chars,
/// surrogate pairs from planes 1–3 and 14–16, private use), fixed seed, through every fixture tokenizer: ids and
/// decoded text identical to HF <c>tokenizers</c>.
/// </summary>
public sealed class UnicodeFuzzTests
{
    private const int Strings = 2500;

    [Theory]
    [MemberData(nameof(ParityFixtures.All), MemberType = typeof(ParityFixtures))]
    public void Random_strings_from_all_planes_match_hugging_face(string fixture)
    {
        var path = Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var pipeline = PretrainedTokenizer.FromFile(path).Pipeline;
        var random = new Random(16_2026);
        var mismatches = new List<string>();
        var compared = 0;
        for (var n = 0; n < Strings; n++)
        {
            var text = RandomText(random);
            int[] expected;
            try
            {
                expected = hf.Encode(text).Select(i => (int)i).ToArray();
            }
            catch (Tokenizers.DotNet.TokenizerException)
            {
                // HF refuses this input (a WordPiece vocabulary without its unk token): we must refuse it too.
                try
                {
                    pipeline.Encode(text, null, true, null, null);
                    mismatches.Add($"{Escape(text)}\n    hf:   error\n    ours: no error");
                }
                catch (InvalidOperationException)
                {
                }

                continue;
            }

            compared++;
            var actual = pipeline.Encode(text, null, true, pipeline.FileTruncation, pipeline.FilePadding).Ids.ToArray();
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                mismatches.Add($"{Escape(text)}\n    hf:   [{string.Join(',', expected)}]\n    ours: [{string.Join(',', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} of {Strings} strings differ ({compared} encoded by HF)\n{string.Join('\n', mismatches.Take(8))}");
    }

    /// <summary>A string of 1–24 code points, each from a randomly chosen kind.</summary>
    internal static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        var length = 1 + random.Next(24);
        for (var i = 0; i < length; i++)
        {
            sb.Append(char.ConvertFromUtf32(RandomCodePoint(random)));
        }

        return sb.ToString();
    }

    private static int RandomCodePoint(Random random)
    {
        int cp;
        do
        {
            cp = random.Next(14) switch
            {
                0 or 1 => random.Next(0x20, 0x7F),
                2 => " \t\n\r\u00A0\u3000\u2028\u0085"[random.Next(8)],
                3 => random.Next(0x80, 0x800),
                4 => random.Next(0x800, 0x10000),
                5 => random.Next(0x0300, 0x0370),
                6 => "\u00AD\u061C\u200B\u200C\u200D\u200E\u2060\u2065\u2066\uFEFF\uFFF9\u0600\u06DD"[random.Next(13)],
                7 => random.Next(0x1F300, 0x1FAFF),
                8 => random.Next(0x20000, 0x323AF),
                9 => random.Next(0x1D400, 0x1D7FF),
                10 => random.Next(0x10000, 0x1FFFF),
                11 => random.Next(0xE0000, 0xE01F0),
                12 => random.Next(2) == 0 ? random.Next(0xE000, 0xF900) : random.Next(0xF0000, 0x10FFFE),
                _ => random.Next(0, 0x110000),
            };
        }
        while (cp is (>= 0xD800 and <= 0xDFFF) or 0);

        return cp;
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in s.EnumerateRunes())
        {
            sb.Append(r.Value is >= 0x20 and < 0x7F ? r.ToString() : $"\\u{{{r.Value:X}}}");
        }

        return sb.Append('"').ToString();
    }
}
