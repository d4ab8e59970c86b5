using Sharpformers.Tokenization.Tests.Parity;

namespace Sharpformers.Tokenization.Tests.Api;

/// <summary>
/// The encode paths keep per-thread scratch buffers (splitter match lists, BPE merge arrays, WordPiece token list, the
/// ids-only list) and probe the special-token frame lazily: several threads encoding with one tokenizer at once must get
/// exactly what one thread gets alone.
/// </summary>
public sealed class ConcurrentEncodeTests
{
    [Theory]
    [InlineData("tokenizers/qwen3")]
    [InlineData("tokenizers/bert-base-uncased")]
    [InlineData("tokenizers/llama-2")]
    public void Threads_sharing_a_tokenizer_get_what_one_thread_gets(string fixture)
    {
        var path = Path.Combine(ParityFixtures.Folder(fixture), "tokenizer.json");
        var corpus = ParityCorpus.For(PretrainedTokenizer.FromFile(path).Pipeline.AddedVocabulary.Tokens.Select(t => t.Content).ToList(), combinations: 100);
        var alone = PretrainedTokenizer.FromFile(path);
        var expected = corpus.Select(t => (Ids: alone.Encode(t).Ids.ToArray(), Offsets: alone.Encode(t).Offsets.ToArray(), IdsOnly: alone.EncodeToIds(t))).ToArray();

        // A fresh tokenizer, so the lazily built special-token frame and ids plan are raced for too.
        var shared = PretrainedTokenizer.FromFile(path);
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (var n = 0; n < corpus.Count; n++)
            {
                var i = (n * 7 + worker * 13) % corpus.Count; // each thread in its own order
                var text = corpus[i];
                var ids = shared.EncodeToIds(text);
                var encoding = shared.Encode(text);
                if (!ids.AsSpan().SequenceEqual(expected[i].IdsOnly) || !encoding.Ids.SequenceEqual(expected[i].Ids)
                    || !encoding.Offsets.SequenceEqual(expected[i].Offsets))
                {
                    mismatches.Add($"thread {worker}, text {i}: \"{(text.Length > 60 ? text[..60] : text)}\"");
                }
            }
        });

        Assert.True(mismatches.IsEmpty, $"{fixture}: {mismatches.Count} mismatches\n{string.Join('\n', mismatches.Take(8))}");
        Assert.True(corpus.Count > 50, $"{fixture}: only {corpus.Count} texts");
    }
}
