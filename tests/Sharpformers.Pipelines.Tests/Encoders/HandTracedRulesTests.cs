using Sharpformers.Models;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>transformers' post-processing rules traced by hand on small cases: NER aggregation, QA span selection.</summary>
public sealed class HandTracedRulesTests
{
    // "hugging face is in new york": hu|##gging face is in new york; labels O, B-ORG, I-ORG, B-LOC, I-LOC.
    private const string Text = "hugging face is in new york";

    private static readonly EncoderLabels Labels = EncoderLabels.FromConfig(
        PretrainedConfig.Parse("""{"id2label": {"0": "O", "1": "B-ORG", "2": "I-ORG", "3": "B-LOC", "4": "I-LOC"}}"""));

    private static List<PreEntity> PreEntities() =>
    [
        new("hu", [0.1f, 0.7f, 0.1f, 0.05f, 0.05f], 0, 2, 1, false),
        new("##gging", [0.05f, 0.05f, 0.05f, 0.8f, 0.05f], 2, 7, 2, true),
        new("face", [0.1f, 0.1f, 0.6f, 0.1f, 0.1f], 8, 12, 3, false),
        new("is", [0.9f, 0.025f, 0.025f, 0.025f, 0.025f], 13, 15, 4, false),
        new("in", [0.9f, 0.025f, 0.025f, 0.025f, 0.025f], 16, 18, 5, false),
        new("new", [0.1f, 0.1f, 0.1f, 0.6f, 0.1f], 19, 22, 6, false),
        new("york", [0.1f, 0.1f, 0.1f, 0.1f, 0.6f], 23, 27, 7, false),
    ];

    private static TokenAggregation Aggregation() =>
        new(PretrainedTokenizer.FromFile(Fixtures.Require("tokenizers", "bert-base-uncased", "tokenizer.json")), Labels);

    [Fact]
    public void NoneKeepsEveryTokenWithItsIndex()
    {
        var result = Aggregation().Aggregate(PreEntities(), AggregationStrategy.None).Where(e => e.Entity != "O").ToList();
        Assert.Equal(["B-ORG", "B-LOC", "I-ORG", "B-LOC", "I-LOC"], result.Select(e => e.Entity));
        Assert.Equal([1, 2, 3, 6, 7], result.Select(e => e.Index!.Value));
        Assert.Equal("##gging", result[1].Word);
        Assert.All(result, e => Assert.Null(e.EntityGroup));
    }

    [Fact]
    public void SimpleGroupsTokensByTagAndBreaksOnB()
    {
        var result = Aggregation().Aggregate(PreEntities(), AggregationStrategy.Simple);
        // hu B-ORG | ##gging B-LOC | face I-ORG | is, in O (joined) | new B-LOC + york I-LOC
        Assert.Equal(["ORG", "LOC", "ORG", "O", "LOC"], result.Select(e => e.EntityGroup));
        Assert.Equal(["hu", "##gging", "face", "is in", "new york"], result.Select(e => e.Word));
        Assert.Equal([0.7f, 0.8f, 0.6f, 0.9f, 0.6f], result.Select(e => e.Score));
        Assert.Equal([(0, 2), (2, 7), (8, 12), (13, 18), (19, 27)], result.Select(e => (e.Start, e.End)));
        Assert.Equal("new york", Text[19..27]);
    }

    [Fact]
    public void FirstTakesTheFirstTokensLabelForTheWholeWord()
    {
        var result = Aggregation().Aggregate(PreEntities(), AggregationStrategy.First);
        // hugging → hu's B-ORG (0.7), face I-ORG (0.6) joins it: ORG "hugging face" (0.7 + 0.6) / 2.
        Assert.Equal(["ORG", "O", "LOC"], result.Select(e => e.EntityGroup));
        Assert.Equal(["hugging face", "is in", "new york"], result.Select(e => e.Word));
        Assert.Equal(0.65f, result[0].Score, 6);
        Assert.Equal((0, 12), (result[0].Start, result[0].End));
    }

    [Fact]
    public void MaxTakesTheBestScoringTokenOfTheWord()
    {
        var result = Aggregation().Aggregate(PreEntities(), AggregationStrategy.Max);
        // hugging → ##gging's B-LOC 0.8 beats hu's 0.7; face (I-ORG) cannot continue LOC.
        Assert.Equal(["LOC", "ORG", "O", "LOC"], result.Select(e => e.EntityGroup));
        Assert.Equal(["hugging", "face", "is in", "new york"], result.Select(e => e.Word));
        Assert.Equal(0.8f, result[0].Score);
    }

    [Fact]
    public void AverageAveragesTheWordsTokenScores()
    {
        var result = Aggregation().Aggregate(PreEntities(), AggregationStrategy.Average);
        // mean(hu, ##gging) = [0.075, 0.375, 0.075, 0.425, 0.05] → B-LOC 0.425.
        Assert.Equal("LOC", result[0].EntityGroup);
        Assert.Equal(0.425f, result[0].Score, 6);
        Assert.Equal("hugging", result[0].Word);
    }

    [Fact]
    public void TagsWithoutBioPrefixCountAsContinuations()
    {
        Assert.Equal(('B', "PER"), TokenAggregation.Tag("B-PER"));
        Assert.Equal(('I', "PER"), TokenAggregation.Tag("I-PER"));
        Assert.Equal(('I', "MISC"), TokenAggregation.Tag("MISC"));
    }

    [Fact]
    public void SpanSelectionMasksTheQuestionAndKeepsTheClsScoreAsNull()
    {
        // [CLS] q q [SEP] c c [SEP]: only the context (3..5) and [CLS] are wanted.
        bool[] wanted = [true, false, false, true, true, true, false];
        float[] start = [0, 5, 5, 1, 3, 0, 9];
        float[] end = [0, 0, 0, 0, 1, 4, 9];
        var (spans, nullScore) = SpanSelection.Select(start, end, wanted, topK: 2, maxAnswerLength: 15);

        double sSum = 1 + Math.E + Math.Exp(3) + 1, eSum = 1 + 1 + Math.E + Math.Exp(4);
        double S(int i) => new[] { 1.0, 0, 0, Math.E, Math.Exp(3), 1, 0 }[i] / sSum;
        double E(int j) => new[] { 1.0, 0, 0, 1, Math.E, Math.Exp(4), 0 }[j] / eSum;
        Assert.Equal(S(0) * E(0), nullScore, 6);
        Assert.Equal([(4, 5), (3, 5)], spans.Select(s => (s.Start, s.End)));
        Assert.Equal(S(4) * E(5), spans[0].Score, 6);
        Assert.Equal(S(3) * E(5), spans[1].Score, 6);

        // max_answer_len 1: only single-token answers, inside the context.
        var (single, _) = SpanSelection.Select(start, end, wanted, topK: 3, maxAnswerLength: 1);
        Assert.All(single, s => Assert.Equal(s.Start, s.End));
        Assert.All(single, s => Assert.InRange(s.Start, 3, 5));
    }
}
