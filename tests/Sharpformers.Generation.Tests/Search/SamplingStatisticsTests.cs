using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Search;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests.Search;

public sealed class SamplingStatisticsTests
{
    [Fact]
    public void Draws_follow_the_distribution_renormalised_after_temperature_top_k_top_p_and_min_p()
    {
        // p = 0.30, 0.25, 0.20, 0.12, 0.08, 0.05 as logits; do_sample with T = 0.5, top_k = 5, top_p = 0.9, min_p = 0.4.
        double[] p = [0.30, 0.25, 0.20, 0.12, 0.08, 0.05];
        var config = new GenerationConfig { DoSample = true, Temperature = 0.5f, TopK = 5, TopP = 0.9f, MinP = 0.4f };
        var processors = LogitsProcessorFactory.Create(config, new GenerationLengths(100, 0), 1, SpecialTokens.From(config), null);

        // By hand: T = 0.5 squares the probabilities: .09 .0625 .04 .0144 .0064 .0025 (sum .2158).
        // top_k 5 drops .0025. top_p over the 5 left (sum .2133): ascending .0300 .0675 .1875 ...,
        // cumulative .0300 .0975 ≤ 0.1 → .0064 and .0144 go. min_p: the 3 left renormalise to .4675 .3247 .2078;
        // threshold 0.4 × .4675 = .1870 keeps all three. Expected: .09/.1925, .0625/.1925, .04/.1925.
        double[] expected = [0.09 / 0.1925, 0.0625 / 0.1925, 0.04 / 0.1925, 0, 0, 0];

        var logits = p.Select(x => (float)Math.Log(x)).ToArray();
        var scores = (float[])logits.Clone();
        processors.Process([0], scores);
        var random = new Random(1234);
        const int draws = 20000;
        var counts = new int[p.Length];
        for (var i = 0; i < draws; i++)
        {
            counts[MultinomialSampler.Sample(scores, random)]++;
        }

        Assert.Equal(0, counts[3] + counts[4] + counts[5]);
        var chiSquare = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var e = expected[i] * draws;
            chiSquare += (counts[i] - e) * (counts[i] - e) / e;
        }

        // 2 degrees of freedom: the 0.1% critical value is 13.82.
        Assert.True(chiSquare < 13.82, $"chi-square {chiSquare:F2} for counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void The_same_seed_draws_the_same_sequence()
    {
        float[] scores = [0f, 0.1f, 0.2f, 0.3f, 0.4f];
        var a = new Random(42);
        var b = new Random(42);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(MultinomialSampler.Sample(scores, a), MultinomialSampler.Sample(scores, b));
        }
    }
}
