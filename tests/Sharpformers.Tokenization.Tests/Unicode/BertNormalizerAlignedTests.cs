using System.Text;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Normalizers;
using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Unicode;

/// <summary>
/// The span encodes normalize BERT text in per-thread buffers (<see cref="BertNormalizer.NormalizeAligned"/>); its text and
/// each char's alignment must be the ones the <see cref="NormalizedString"/> path gives (whose ids the HF parity and
/// exhaustive Unicode tests compare with HF tokenizers, and whose offsets the span-encode tests compare), for every code
/// point and the parity corpus, under each setting of the normalizer.
/// </summary>
public sealed class BertNormalizerAlignedTests
{
    [Theory]
    [InlineData(true, true, null, true)]
    [InlineData(true, true, null, false)]
    [InlineData(true, true, true, false)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, true, true)]
    [InlineData(false, false, null, false)]
    public void Text_and_alignment_equal_the_normalized_string_path(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase)
    {
        var normalizer = new BertNormalizer(cleanText, handleChineseChars, stripAccents, lowercase);
        var mismatches = new List<string>();
        foreach (var text in Texts())
        {
            var expected = NormalizedString.FromOriginal(text);
            normalizer.Normalize(expected);
            var original = NormalizedString.FromOriginal(text);
            var actual = normalizer.NormalizeAligned(text);
            var actualText = actual.Chars.ToString();
            if (!string.Equals(expected.Text, actualText, StringComparison.Ordinal))
            {
                mismatches.Add($"{HfParityTests.Show(text)}\n    NormalizedString: {HfParityTests.Show(expected.Text)}\n    aligned buffers:  {HfParityTests.Show(actualText)}");
                continue;
            }

            for (var i = 0; i < actual.Length; i++)
            {
                var want = (expected.StartOf(i), expected.EndOf(i));
                var got = (original.StartOf(actual.FirstSource(i)), original.EndOf(actual.LastSource(i)));
                if (want != got)
                {
                    mismatches.Add($"{HfParityTests.Show(text)}: char {i} aligned with {want} by NormalizedString, {got} by the buffers");
                    break;
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches\n{string.Join('\n', mismatches.Take(6))}");
    }

    /// <summary>Every code point (runs of 24 between an ASCII letter and a combining mark), then the parity corpus.</summary>
    private static IEnumerable<string> Texts()
    {
        var sb = new StringBuilder();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            sb.Append(char.ConvertFromUtf32(cp));
            if (cp % 24 == 23)
            {
                yield return string.Concat("A", sb.ToString(), "\u0301 e\u0301");
                sb.Clear();
            }
        }

        yield return sb.ToString();
        foreach (var line in ParityCorpus.For([], combinations: 300))
        {
            yield return line;
        }
    }
}
