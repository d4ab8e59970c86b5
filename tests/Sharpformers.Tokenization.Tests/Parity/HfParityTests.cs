using System.Text;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Parity;

/// <summary>
/// Differential tests against Hugging Face <c>tokenizers</c> (Rust, through Tokenizers.DotNet): every fixture tokenizer,
/// the whole corpus, ids and decoded text identical — no allow-list.
/// </summary>
public sealed class HfParityTests
{
    [Theory]
    [MemberData(nameof(ParityFixtures.All), MemberType = typeof(ParityFixtures))]
    public void Ids_and_decoded_text_match_hugging_face(string fixture)
    {
        var folder = ParityFixtures.Folder(fixture);
        var path = Path.Combine(folder, "tokenizer.json");
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        var pipeline = ours.Pipeline;
        var corpus = ParityCorpus.For(pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList());
        Assert.True(corpus.Count >= 2000, $"corpus has {corpus.Count} lines");

        var mismatches = new List<string>();
        var checkedCount = 0;
        foreach (var text in corpus)
        {
            int[] expected;
            try
            {
                expected = hf.Encode(text).Select(i => (int)i).ToArray();
            }
            catch (Tokenizers.DotNet.TokenizerException)
            {
                // HF refuses this input (e.g. a WordPiece vocabulary without its unk token): we must refuse it too.
                if (!Throws(() => pipeline.Encode(text, null, true, null, null)))
                {
                    mismatches.Add($"encode {Show(text)}\n    hf: error\n    ours: no error");
                }

                continue;
            }

            var actual = pipeline.Encode(text, null, true, pipeline.FileTruncation, pipeline.FilePadding).Ids.ToArray();
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                mismatches.Add($"encode {Show(text)}\n    hf:   [{string.Join(',', expected)}]\n    ours: [{string.Join(',', actual)}]");
            }

            var expectedText = hf.Decode(expected.Select(i => (uint)i).ToArray());
            var actualText = pipeline.Decode(expected, skipSpecialTokens: true);
            if (expectedText != actualText)
            {
                mismatches.Add($"decode {Show(text)}\n    hf:   {Show(expectedText)}\n    ours: {Show(actualText)}");
            }

            checkedCount++;
        }

        Assert.True(mismatches.Count == 0, $"{fixture}: {mismatches.Count} mismatches over {checkedCount} lines\n{string.Join('\n', mismatches.Take(12))}");
    }

    [Fact]
    public void A_file_hugging_face_refuses_is_refused_with_the_json_path()
    {
        var path = Path.Combine(Fixtures.Require("tokenizers", ParityFixtures.Refused), "tokenizer.json");
        Assert.ThrowsAny<Exception>(() => new Tokenizers.DotNet.Tokenizer(vocabPath: path));
        var e = Assert.Throws<TokenizerFormatException>(() => PretrainedTokenizer.FromFile(path));
        Assert.Equal("$.model.merges", e.JsonPath);
        Assert.Contains("expected an array", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="action"/> refuses its input with an <see cref="InvalidOperationException"/>.</summary>
    internal static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    internal static string Show(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c < 0x20 || c is '\u007f' or '\u0085' or '\u200b' or '\ufeff' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return sb.Append('"').ToString();
    }
}
