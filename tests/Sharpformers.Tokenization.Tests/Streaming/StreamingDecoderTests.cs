using System.Text;
using Sharpformers.Tokenization.Tests.Parity;
using Sharpformers.Tokenization.Tests.Suites;

namespace Sharpformers.Tokenization.Tests.Streaming;

/// <summary>Streaming decode: only final text, never half a character, and the pieces add up to the full decode.</summary>
public sealed class StreamingDecoderTests
{
    public static TheoryData<string> Tokenizers() => new()
    {
        "models/tiny-random-gpt2", "tokenizers/llama-2", "tokenizers/mistral-7b-v0.3", "tokenizers/bert-base-uncased",
        "tokenizers/t5-small", "tokenizers/xlnet-base-cased", "tokenizers/whisper", "tokenizers/chatglm3", "tokenizers/clip",
    };

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Pieces_concatenate_to_the_full_decode_over_the_corpus(string fixture)
    {
        var tokenizer = PublishedSuiteTests.Load(fixture);
        var failures = new List<string>();
        foreach (var text in ParityCorpus.HandWritten())
        {
            var ids = tokenizer.Encode(text).Ids;
            var streamed = Stream(tokenizer, ids, out var pieces);
            var full = tokenizer.Decode(ids, skipSpecialTokens: true, cleanUpTokenizationSpaces: false);
            if (streamed != full)
            {
                failures.Add($"{HfParityTests.Show(text)}: streamed {HfParityTests.Show(streamed)} full {HfParityTests.Show(full)}");
            }

            foreach (var piece in pieces)
            {
                if (piece.Length > 0 && (char.IsHighSurrogate(piece[^1]) || char.IsLowSurrogate(piece[0])))
                {
                    failures.Add($"{HfParityTests.Show(text)}: a piece splits a surrogate pair");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(8)));
    }

    [Fact]
    public void Vietnamese_and_emoji_over_byte_fallback_never_show_a_replacement_char()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/llama-2");
        const string text = "Việt Nam 🇻🇳 👨‍👩‍👧 quốc ngữ";
        var ids = tokenizer.Encode(text, addSpecialTokens: false).Ids;

        // The emoji are not in the vocabulary: they become <0xNN> byte tokens, several per character.
        Assert.Contains(ids, id => tokenizer.ConvertIdsToTokens([id])[0]!.StartsWith("<0x", StringComparison.Ordinal));
        var streamed = Stream(tokenizer, ids, out var pieces);
        Assert.Equal(text, streamed);
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.True(pieces.Count(p => p.Length > 0) > 3, "text should arrive in several pieces");
    }

    [Fact]
    public void Byte_level_multibyte_chars_arrive_whole()
    {
        var tokenizer = PublishedSuiteTests.Load("models/tiny-random-gpt2");
        const string text = "Tiếng Việt 😀";
        var ids = tokenizer.Encode(text).Ids;
        var streamed = Stream(tokenizer, ids, out var pieces);
        Assert.Equal(text, streamed);
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Fact]
    public void Metaspace_first_word_has_no_leading_space_later_words_do()
    {
        var tokenizer = PublishedSuiteTests.Load("tokenizers/llama-2");
        var ids = tokenizer.Encode("Hello big world").Ids;
        _ = Stream(tokenizer, ids, out var pieces);
        Assert.Equal(["Hello", " big", " world"], pieces.Where(p => p.Length > 0));
    }

    internal static string Stream(PretrainedTokenizer tokenizer, IReadOnlyList<int> ids, out List<string> pieces)
    {
        var decoder = tokenizer.CreateStreamingDecoder();
        pieces = [];
        var sb = new StringBuilder();
        foreach (var id in ids)
        {
            var piece = decoder.Append(id);
            pieces.Add(piece);
            sb.Append(piece);
        }

        var rest = decoder.Flush();
        pieces.Add(rest);
        return sb.Append(rest).ToString();
    }
}
