using Sharpformers.Generation.LogitsProcessing;

namespace Sharpformers.Generation.Tests.LogitsProcessing;

/// <summary>Each processor against values worked out by hand (the arithmetic is written next to each case).</summary>
public sealed class ProcessorTests
{
    private const float Ninf = float.NegativeInfinity;

    // Probabilities 0.5, 0.3, 0.15, 0.05 as logits.
    private static float[] Quarters() => [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    private static bool[] Kept(float[] scores) => scores.Select(s => !float.IsNegativeInfinity(s)).ToArray();

    [Fact]
    public void Repetition_penalty_divides_positive_and_multiplies_negative_scores_once_per_distinct_token()
    {
        float[] scores = [2f, -1f, 0.5f, 3f];
        new RepetitionPenaltyLogitsProcessor(2f).Process([0, 1, 1], scores);
        // token 0: 2 / 2 = 1; token 1 (twice in the sequence, penalised once): -1 * 2 = -2; others untouched.
        Assert.Equal([1f, -2f, 0.5f, 3f], scores);
    }

    [Fact]
    public void No_repeat_ngram_bans_the_token_completing_a_seen_ngram()
    {
        var scores = new float[8];
        new NoRepeatNGramLogitsProcessor(2).Process([5, 6, 5], scores);
        // bigrams (5,6), (6,5); the sequence ends with 5, so 6 would repeat (5,6).
        Assert.Equal([true, true, true, true, true, true, false, true], Kept(scores));

        scores = new float[8];
        new NoRepeatNGramLogitsProcessor(3).Process([1, 2, 3, 1, 2], scores);
        // trigram (1,2,3) exists and the sequence ends with 1,2: token 3 is banned.
        Assert.Equal([true, true, true, false, true, true, true, true], Kept(scores));

        scores = new float[8];
        new NoRepeatNGramLogitsProcessor(4).Process([1, 1], scores);
        // cur_len + 1 = 3 < 4: nothing banned yet.
        Assert.All(scores, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Bad_words_ban_single_tokens_always_and_sequences_only_after_their_prefix()
    {
        var processor = new NoBadWordsLogitsProcessor([[4], [1, 2, 3], [9]], eosTokenIds: [9]);
        var scores = new float[10];
        processor.Process([7, 1, 2], scores);
        // [4] always; [1,2,3] since the row ends with 1,2; [9] is the eos id alone, so it is dropped.
        Assert.Equal([true, true, true, false, false, true, true, true, true, true], Kept(scores));

        scores = new float[10];
        processor.Process([7, 2], scores);
        Assert.Equal([true, true, true, true, false, true, true, true, true, true], Kept(scores));
    }

    [Fact]
    public void Min_length_and_min_new_tokens_suppress_every_eos_until_reached()
    {
        var scores = new float[5];
        new MinLengthLogitsProcessor(5, [1, 3]).Process([0, 0, 0, 0], scores);
        Assert.Equal([true, false, true, false, true], Kept(scores));
        scores = new float[5];
        new MinLengthLogitsProcessor(5, [1, 3]).Process([0, 0, 0, 0, 0], scores);
        Assert.All(scores, s => Assert.Equal(0f, s));

        scores = new float[5];
        // prompt width 3, 1 new token < 2
        new MinNewTokensLengthLogitsProcessor(3, 2, [2]).Process([0, 0, 0, 4], scores);
        Assert.Equal([true, true, false, true, true], Kept(scores));
        scores = new float[5];
        new MinNewTokensLengthLogitsProcessor(3, 2, [2]).Process([0, 0, 0, 4, 4], scores);
        Assert.All(scores, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Forced_bos_and_eos_leave_only_the_forced_ids_at_their_positions()
    {
        float[] scores = [1f, 2f, 3f];
        new ForcedBosTokenLogitsProcessor(2).Process([0], scores);
        Assert.Equal([Ninf, Ninf, 0f], scores);
        scores = [1f, 2f, 3f];
        new ForcedBosTokenLogitsProcessor(2).Process([0, 1], scores);
        Assert.Equal([1f, 2f, 3f], scores);

        scores = [1f, 2f, 3f];
        new ForcedEosTokenLogitsProcessor(6, [0]).Process([1, 1, 1, 1, 1], scores);
        Assert.Equal([0f, Ninf, Ninf], scores);
        scores = [1f, 2f, 3f];
        new ForcedEosTokenLogitsProcessor(6, [0]).Process([1, 1, 1, 1], scores);
        Assert.Equal([1f, 2f, 3f], scores);
    }

    [Fact]
    public void Inf_nan_removal_and_suppression()
    {
        float[] scores = [float.NaN, float.PositiveInfinity, Ninf, 1f];
        new InfNanRemoveLogitsProcessor().Process([], scores);
        Assert.Equal([0f, float.MaxValue, float.MinValue, 1f], scores);

        scores = [1f, 1f, 1f];
        new SuppressTokensLogitsProcessor([0, 2]).Process([5], scores);
        Assert.Equal([Ninf, 1f, Ninf], scores);

        scores = [1f, 1f, 1f];
        new SuppressTokensAtBeginLogitsProcessor([1], beginIndex: 3).Process([5, 5, 5], scores);
        Assert.Equal([1f, Ninf, 1f], scores);
        scores = [1f, 1f, 1f];
        new SuppressTokensAtBeginLogitsProcessor([1], beginIndex: 3).Process([5, 5, 5, 5], scores);
        Assert.Equal([1f, 1f, 1f], scores);
    }

    [Fact]
    public void Temperature_divides_and_top_k_keeps_ties_at_the_threshold()
    {
        float[] scores = [1f, 2f, 4f];
        new TemperatureLogitsWarper(2f).Process([], scores);
        Assert.Equal([0.5f, 1f, 2f], scores);

        scores = [1f, 3f, 2f, 3f];
        new TopKLogitsWarper(2).Process([], scores);
        // the 2nd largest is 3 (two tokens tie at 3): both stay, the rest go.
        Assert.Equal([Ninf, 3f, Ninf, 3f], scores);

        scores = [1f, 3f, 2f, 0f];
        new TopKLogitsWarper(1, minTokensToKeep: 3).Process([], scores);
        Assert.Equal([1f, 3f, 2f, Ninf], scores);
    }

    [Fact]
    public void Top_p_removes_the_tail_whose_cumulative_probability_is_at_most_one_minus_p()
    {
        var scores = Quarters();
        new TopPLogitsWarper(0.75f).Process([], scores);
        // ascending 0.05, 0.15, 0.3, 0.5 → cumulative 0.05, 0.20, 0.50, 1.0; removed where ≤ 0.25: 0.05 and 0.15.
        Assert.Equal([true, true, false, false], Kept(scores));

        scores = Quarters();
        new TopPLogitsWarper(0f, minTokensToKeep: 2).Process([], scores);
        Assert.Equal([true, true, false, false], Kept(scores));
    }

    [Fact]
    public void Min_p_removes_tokens_below_min_p_times_the_top_probability()
    {
        var scores = Quarters();
        new MinPLogitsWarper(0.4f).Process([], scores);
        // threshold 0.4 × 0.5 = 0.2: 0.15 and 0.05 go.
        Assert.Equal([true, true, false, false], Kept(scores));
    }

    [Fact]
    public void Typical_keeps_the_tokens_whose_surprisal_is_closest_to_the_entropy()
    {
        // H = −Σ p ln p = 0.34657 + 0.36119 + 0.28457 + 0.14979 = 1.14212.
        // |−ln p − H|: 0.5 → 0.44897, 0.3 → 0.06185, 0.15 → 0.75500, 0.05 → 1.85361.
        // Ranked: 0.3, 0.5, 0.15, 0.05; cumulative 0.3, 0.8, 0.95, 1.0.
        var scores = Quarters();
        new TypicalLogitsWarper(0.7f).Process([], scores);
        // one cumulative value < 0.7 → keep up to rank 1 (0.3 and 0.5).
        Assert.Equal([true, true, false, false], Kept(scores));

        scores = Quarters();
        new TypicalLogitsWarper(0.9f).Process([], scores);
        // two values < 0.9 → keep up to rank 2.
        Assert.Equal([true, true, true, false], Kept(scores));
    }

    [Fact]
    public void Epsilon_and_eta_cut_off_low_probabilities()
    {
        var scores = Quarters();
        new EpsilonLogitsWarper(0.2f).Process([], scores);
        Assert.Equal([true, true, false, false], Kept(scores));

        // eta = min(0.2, √0.2 · e^(−1.14212)) = min(0.2, 0.44721 × 0.31915) = 0.14273: only 0.05 goes.
        scores = Quarters();
        new EtaLogitsWarper(0.2f).Process([], scores);
        Assert.Equal([true, true, true, false], Kept(scores));
    }

    [Fact]
    public void Logit_normalization_is_log_softmax()
    {
        float[] scores = [0f, MathF.Log(3f)];
        new LogitNormalization().Process([], scores);
        // softmax = 0.25, 0.75.
        Assert.Equal(MathF.Log(0.25f), scores[0], 5);
        Assert.Equal(MathF.Log(0.75f), scores[1], 5);
    }

    [Fact]
    public void A_list_runs_processors_in_order()
    {
        float[] scores = [2f, 4f];
        new LogitsProcessorList([new TemperatureLogitsWarper(2f), new SuppressTokensLogitsProcessor([0])]).Process([], scores);
        Assert.Equal([Ninf, 2f], scores);
    }
}

public sealed class ScoreMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(999)]
    public void Kth_largest_matches_a_full_descending_sort(int k)
    {
        var random = new Random(3);
        var scores = new float[1000];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)Math.Round(random.NextDouble() * 20, 1); // many ties
        }

        var expected = scores.OrderByDescending(s => s).ElementAt(k - 1);
        Assert.Equal(expected, ScoreMath.KthLargest(scores, k, new float[scores.Length]));
    }

    [Fact]
    public void Log_softmax_rows_exponentiate_to_one()
    {
        float[] scores = [3f, 1f, -2f, 0.5f];
        ScoreMath.LogSoftmaxInPlace(scores);
        // log_softmax(x)_i = x_i − log Σ e^x: differences are preserved and Σ e^{y} = 1.
        Assert.Equal(2f, scores[0] - scores[1], 5);
        Assert.Equal(1f, scores.Sum(MathF.Exp), 5);
    }
}
