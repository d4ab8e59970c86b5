using Sharpformers.Generation.Decoding;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests.Search;

/// <summary>
/// Greedy, sampling and beam search on a three-token toy model (a = 0, b = 1, eos = 2) whose next-token log-probabilities depend only on the
/// last token: after a → (0.5, 0.1, 0.4), after b → (0.1, 0.1, 0.8). Prompt [a], 2 beams, max_length 4, both beams
/// returned. The expected outcomes are traced by hand in the comments, following transformers' rules.
/// </summary>
public sealed class ToyModelSearchTests
{
    private static readonly float La = MathF.Log(0.5f);
    private static readonly float Lb = MathF.Log(0.1f);
    private static readonly float Le = MathF.Log(0.4f);
    private static readonly float Lba = MathF.Log(0.1f);
    private static readonly float Lbe = MathF.Log(0.8f);

    private static GenerationResult Run(EarlyStopping earlyStopping, float lengthPenalty)
    {
        var config = new GenerationConfig
        {
            NumBeams = 2, NumReturnSequences = 2, MaxLength = 4, EosTokenId = [2], EarlyStopping = earlyStopping,
            LengthPenalty = lengthPenalty, OutputScores = true,
        };
        return GenerationRunner.Run(new ToyModel(), [[0L]], config, new GenerationOptions(), null, null, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void As_soon_as_possible_stops_once_num_beams_hypotheses_are_finished()
    {
        // Step 1: candidates a (ln .5), eos (ln .4), b (ln .1): "eos" is ranked 2nd (< num_beams) → finished, score ln .4 / 1.
        //         running: a, b.
        // Step 2: aa (ln .5+ln .5), a·eos (ln .5+ln .4), b·eos (ln .1+ln .8), ab: a·eos ranked 2nd → finished with
        //         (ln .5 + ln .4) / 2; b·eos ranked 3rd is only a backup. Two finished → early_stopping=True stops here.
        var result = Run(EarlyStopping.AsSoonAsPossible, 1f);
        Assert.Equal([0L, 0, 2], result.Sequences[0]);
        Assert.Equal([0L, 2, 2], result.Sequences[1]); // cropped to the longest returned, filled with the pad (= eos) id
        Assert.Equal((La + Le) / 2, result.SequenceScores![0], 4);
        Assert.Equal(Le, result.SequenceScores[1], 4);
    }

    [Fact]
    public void Heuristic_keeps_going_while_the_best_running_beam_can_still_win()
    {
        // After step 2 the best running beam "aa" scores (2 ln .5) / 2 = −0.693 > worst finished ln .4 = −0.916: go on.
        // Step 3 reaches max_length: aaa (3 ln .5) / 3 = −0.693 and aa·eos (2 ln .5 + ln .4) / 3 = −0.768 beat both.
        var result = Run(EarlyStopping.Heuristic, 1f);
        Assert.Equal([0L, 0, 0, 0], result.Sequences[0]);
        Assert.Equal([0L, 0, 0, 2], result.Sequences[1]);
        Assert.Equal(3 * La / 3, result.SequenceScores![0], 4);
        Assert.Equal(((2 * La) + Le) / 3, result.SequenceScores[1], 4);

        // "never" with a positive length penalty uses the maximum length as the optimistic length: same path here.
        var never = Run(EarlyStopping.Never, 1f);
        Assert.Equal(result.Sequences, never.Sequences);
    }

    [Fact]
    public void Without_length_normalisation_short_hypotheses_win()
    {
        // length_penalty 0: scores are plain sums. Finished: eos (ln .4 = −0.916) at step 1, a·eos (−1.609) at step 2;
        // step 3's aaa (−2.079) and aa·eos (−2.303) are worse, so the two short ones are returned.
        var result = Run(EarlyStopping.Heuristic, 0f);
        Assert.Equal([0L, 2, 2], result.Sequences[0]);
        Assert.Equal([0L, 0, 2], result.Sequences[1]);
        Assert.Equal(Le, result.SequenceScores![0], 4);
        Assert.Equal(La + Le, result.SequenceScores[1], 4);
    }

    [Fact]
    public void Greedy_on_the_toy_model_follows_the_most_likely_token()
    {
        var config = new GenerationConfig { MaxLength = 4, EosTokenId = [2] };
        var result = GenerationRunner.Run(new ToyModel(), [[0L], [1L]], config, new GenerationOptions(), null, null, TestContext.Current.CancellationToken);
        // Row 0: a → a → a → a. Row 1: b → eos, then padded with the pad id (eos) while row 0 runs on.
        Assert.Equal([0L, 0, 0, 0], result.Sequences[0]);
        Assert.Equal([1L, 2, 2, 2], result.Sequences[1]);
    }

    [Fact]
    public void Min_new_tokens_holds_eos_back_and_greedy_ties_take_the_first_index()
    {
        // From [b]: eos (0.8) is suppressed for 2 new tokens; a and b tie at 0.1 → a (index 0); then after a, a (0.5) > eos (0.4).
        var config = new GenerationConfig { MaxLength = 4, EosTokenId = [2], MinNewTokens = 2 };
        var result = GenerationRunner.Run(new ToyModel(), [[1L]], config, new GenerationOptions(), null, null, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 0, 0, 0], result.Sequences[0]);
    }

    [Fact]
    public void Sampling_returns_num_return_sequences_rows_per_prompt_reproducibly()
    {
        var config = new GenerationConfig { MaxLength = 6, EosTokenId = [2], DoSample = true, NumReturnSequences = 3, Seed = 11, TopK = 0 };
        var ct = TestContext.Current.CancellationToken;
        var a = GenerationRunner.Run(new ToyModel(), [[0L], [1L]], config, new GenerationOptions(), null, null, ct);
        var b = GenerationRunner.Run(new ToyModel(), [[0L], [1L]], config, new GenerationOptions(), null, null, ct);
        Assert.Equal(6, a.Sequences.Count);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i < 3 ? 0L : 1L, a.Sequences[i][0]);
            Assert.Equal(a.Sequences[i], b.Sequences[i]);
        }
    }

    private sealed class ToyModel : IDecoderModel
    {
        public int VocabSize => 3;

        public IDecoderSession StartSession(int batchSize) => new Session(batchSize);

        private sealed class Session(int rows) : IDecoderSession
        {
            private readonly float[] logits = new float[64 * 3];
            private int rows = rows;

            public ReadOnlySpan<float> Forward(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken)
            {
                var width = inputIds.Length / rows;
                for (var r = 0; r < rows; r++)
                {
                    var last = inputIds[(r * width) + width - 1];
                    var row = logits.AsSpan(r * 3, 3);
                    if (last == 1)
                    {
                        row[0] = Lba;
                        row[1] = Lba;
                        row[2] = Lbe;
                    }
                    else
                    {
                        row[0] = La;
                        row[1] = Lb;
                        row[2] = Le;
                    }
                }

                return logits.AsSpan(0, rows * 3);
            }

            public void Reorder(ReadOnlySpan<int> sourceRows) => rows = sourceRows.Length;

            public void Dispose()
            {
            }
        }
    }
}
