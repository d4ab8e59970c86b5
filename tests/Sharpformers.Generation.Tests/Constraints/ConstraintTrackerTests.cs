using System.Text;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using static Sharpformers.Generation.Tests.Constraints.ConstraintTestKit;

namespace Sharpformers.Generation.Tests.Constraints;

/// <summary>The constraint inside the search loops, on a five-token vocabulary and a model whose logits are noise.</summary>
public sealed class ConstraintTrackerTests
{
    // 0 "a", 1 "b", 2 "ab", 3 "<eos>" (added), 4 "ba"
    private static readonly Vocabulary Tokens = Vocabulary.Of("a", "b", "ab", "<eos>", "ba");

    [Fact]
    public void End_of_sequence_is_allowed_exactly_when_the_text_is_complete()
    {
        var constraint = TokenConstraint.Regex("(ab){1,4}");
        for (var seed = 0; seed < 40; seed++)
        {
            foreach (var beams in new[] { 1, 3 })
            {
                var config = new GenerationConfig { MaxNewTokens = 12, DoSample = beams == 1, Seed = seed, TopK = 0, Temperature = 2f, NumBeams = beams, EosTokenId = [3], PadTokenId = 3 };
                var tokens = Run(constraint, config, seed).ToArray();
                var end = Array.IndexOf(tokens, 3L);
                Assert.True(end > 0, $"seed {seed}, beams {beams}: no end of sequence in {string.Join(",", tokens)}");
                Assert.Matches("^(ab){1,4}$", Text(tokens[..end]));
            }
        }
    }

    [Fact]
    public void Without_an_end_of_sequence_id_a_row_stops_as_soon_as_it_is_complete()
    {
        var constraint = TokenConstraint.Choice(["ab", "abab"]);
        for (var seed = 0; seed < 20; seed++)
        {
            var config = new GenerationConfig { MaxNewTokens = 10, DoSample = true, Seed = seed, TopK = 0, EosTokenId = [], PadTokenId = 0 };
            var tokens = Run(constraint, config, seed).ToArray();
            Assert.Contains(Text(tokens), new[] { "ab", "abab" });

            // It stopped at the first token boundary where the text was complete ("a"+"ba"+"b" never passes "ab").
            for (var i = 1; i < tokens.Length; i++)
            {
                Assert.NotEqual("ab", Text(tokens[..i]));
            }
        }
    }

    [Fact]
    public void Rows_of_a_batch_and_sampled_sequences_keep_their_own_state()
    {
        var constraint = TokenConstraint.Regex("(a|ba)*b");
        var config = new GenerationConfig { MaxNewTokens = 16, DoSample = true, Seed = 5, TopK = 0, NumReturnSequences = 3, EosTokenId = [3], PadTokenId = 3 };
        var options = new GenerationOptions { Tokenizer = new KitTokenizer(), Constraint = constraint };
        var result = GenerationRunner.Run(new NoiseModel(5), [[0L], [1L, 0L]], config, options, null, null, TestContext.Current.CancellationToken);
        Assert.Equal(6, result.Sequences.Count);
        var texts = new HashSet<string>();
        for (var row = 0; row < 6; row++)
        {
            var tokens = result.NewTokens(row).ToArray();
            var end = Array.IndexOf(tokens, 3L);
            if (end < 0)
            {
                Assert.Matches("^(a|ba)*$", Text(tokens)); // cut by max_new_tokens, still a prefix
                continue;
            }

            texts.Add(Text(tokens[..end]));
            Assert.Matches("^(a|ba)*b$", Text(tokens[..end]));
        }

        Assert.True(texts.Count > 1, "rows should differ");
    }

    private static ReadOnlySpan<long> Run(TokenConstraint constraint, GenerationConfig config, int seed)
    {
        var options = new GenerationOptions { Tokenizer = new KitTokenizer(), Constraint = constraint };
        return GenerationRunner.Run(new NoiseModel(seed), [[0L]], config, options, null, null, TestContext.Current.CancellationToken).NewTokens(0);
    }

    private static string Text(ReadOnlySpan<long> tokens)
    {
        var text = new StringBuilder();
        foreach (var t in tokens)
        {
            text.Append(Encoding.UTF8.GetString(Tokens.GetTokenBytes((int)t)));
        }

        return text.ToString();
    }

    private sealed class KitTokenizer : IGenerationTokenizer, ITokenVocabulary
    {
        public int TokenCount => Tokens.TokenCount;

        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) => string.Concat(ids.Select(GetTokenText));

        public string GetTokenText(int id) => Encoding.UTF8.GetString(Tokens.GetTokenBytes(id));

        public IStreamingTokenDecoder CreateStreamingDecoder(bool skipSpecialTokens) => throw new NotSupportedException();

        public byte[] GetTokenBytes(int id) => Tokens.GetTokenBytes(id);

        public bool IsAddedToken(int id) => Tokens.IsAddedToken(id);
    }

    private sealed class NoiseModel(int seed) : IDecoderModel
    {
        public int VocabSize => 5;

        public IDecoderSession StartSession(int batchSize) => new Session(batchSize, new Random(seed));

        private sealed class Session(int rows, Random random) : IDecoderSession
        {
            private float[] _logits = new float[rows * 5];

            public ReadOnlySpan<float> Forward(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken)
            {
                for (var i = 0; i < _logits.Length; i++)
                {
                    _logits[i] = (float)(random.NextDouble() * 4);
                }

                return _logits;
            }

            public void Reorder(ReadOnlySpan<int> sourceRows) => _logits = new float[sourceRows.Length * 5];

            public void Dispose()
            {
            }
        }
    }
}
