using Sharpformers.Models;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>
/// The tiny fixture encoders through the pipelines, each value checked against an independent computation: HF tokenizers (Rust)
/// for the ids, one plain ONNX Runtime run per input, and the post-processing written out by hand in the test.
/// </summary>
public sealed class FixtureEncoderTests
{
    private static string BertUncased => Sharpformers.TestSupport.Fixtures.Require("tokenizers", "bert-base-uncased", "tokenizer.json");

    [Fact]
    public async Task FeatureExtractionEqualsPlainRunOfTinyBert()
    {
        using var pipe = await Pipeline.CreateFeatureExtractionAsync(EncoderFixtures.TinyBert, cancellationToken: TestContext.Current.CancellationToken);
        string[] texts = ["It is a truth universally acknowledged,", "short"];
        var features = await pipe.ExtractAsync(texts, TestContext.Current.CancellationToken);

        for (var i = 0; i < texts.Length; i++)
        {
            var ids = PlainOrt.HfIds(Path.Combine(EncoderFixtures.TinyBert, "tokenizer.json"), texts[i]);
            var (states, shape) = PlainOrt.Run(Path.Combine(EncoderFixtures.TinyBert, "model.onnx"), ids, output: "output_0");
            Assert.Equal(ids.Length, features[i].Length);
            for (var t = 0; t < ids.Length; t++)
            {
                for (var h = 0; h < shape[2]; h++)
                {
                    Assert.Equal(states[(t * shape[2]) + h], features[i][t][h], 4);
                }
            }
        }

        var untyped = (float[][][])await pipe.RunAsync("short", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(untyped); // transformers' [1][tokens][hidden] for one string
    }

    [Fact]
    public async Task SentenceEmbeddingsWithoutSentenceTransformersFilesMeanPoolWithoutNormalising()
    {
        using var pipe = await Pipeline.CreateSentenceEmbeddingsAsync(EncoderFixtures.TinyBert, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(pipe.Configuration.FromSentenceTransformers);
        Assert.Equal(PoolingModes.Mean, pipe.Configuration.Pooling);
        var vector = await pipe.EmbedAsync("a truth universally acknowledged", cancellationToken: TestContext.Current.CancellationToken);

        var ids = PlainOrt.HfIds(Path.Combine(EncoderFixtures.TinyBert, "tokenizer.json"), "a truth universally acknowledged");
        var (states, shape) = PlainOrt.Run(Path.Combine(EncoderFixtures.TinyBert, "model.onnx"), ids, output: "output_0");
        for (var h = 0; h < shape[2]; h++)
        {
            var mean = Enumerable.Range(0, ids.Length).Average(t => (double)states[(t * shape[2]) + h]);
            Assert.Equal(mean, vector[h], 4);
        }
    }

    [Fact]
    public async Task TextClassificationSoftmaxTopKAndPairsMatchPlainRun()
    {
        using var pipe = await Pipeline.CreateTextClassificationAsync(EncoderFixtures.DistilBert, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ClassificationFunction.Softmax, pipe.DefaultFunction); // two labels, no problem_type
        Assert.Equal(["NEGATIVE", "POSITIVE"], pipe.Labels.Names);

        var all = await pipe.ClassifyAsync("I love this movie", new TextClassificationOptions { TopK = null }, TestContext.Current.CancellationToken);
        var logits = Logits("I love this movie");
        var e = logits.Select(x => Math.Exp(x - logits.Max())).ToArray();
        var expected = new[] { ("NEGATIVE", e[0] / e.Sum()), ("POSITIVE", e[1] / e.Sum()) }.OrderByDescending(x => x.Item2).ToArray();
        Assert.Equal(expected.Select(x => x.Item1), all.Select(x => x.Label));
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(expected[i].Item2, all[i].Score, 5));

        var raw = await pipe.ClassifyAsync("I love this movie", new TextClassificationOptions { TopK = null, FunctionToApply = ClassificationFunction.None }, TestContext.Current.CancellationToken);
        Assert.Equal(logits.Max(), raw[0].Score, 5);
        var sigmoid = await pipe.ClassifyAsync("I love this movie", new TextClassificationOptions { FunctionToApply = ClassificationFunction.Sigmoid }, TestContext.Current.CancellationToken);
        Assert.Equal(1 / (1 + Math.Exp(-logits.Max())), sigmoid[0].Score, 5);

        // transformers' output shapes: legacy (no top_k) one dict per input wrapped in a list; top_k gives lists.
        var legacy = (LabelScore[])await pipe.RunAsync("I love this movie", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(all[0], Assert.Single(legacy));
        var topK = (IReadOnlyList<LabelScore>)await pipe.RunAsync("I love this movie", new Dictionary<string, object?> { ["top_k"] = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal(2, topK.Count);

        var pair = await pipe.ClassifyAsync(new TextClassificationInput("a question", "an answer"), cancellationToken: TestContext.Current.CancellationToken);
        var pairLogits = PairLogits("a question", "an answer");
        Assert.Equal(Softmax(pairLogits).Max(), pair[0].Score, 5);
    }

    [Fact]
    public async Task ZeroShotNormalisesEntailmentLogitsAsTransformers()
    {
        using var pipe = await Pipeline.CreateZeroShotClassificationAsync(EncoderFixtures.DistilBert, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(-1, pipe.EntailmentId); // no label starts with "entail": transformers takes the last logit
        string[] labels = ["sports", "politics", "cooking"];
        var result = await pipe.ClassifyAsync("The match ended in a draw.", labels, cancellationToken: TestContext.Current.CancellationToken);

        var entail = labels.Select(l => (double)PairLogits("The match ended in a draw.", $"This example is {l}.")[1]).ToArray();
        var expected = entail.Select(x => Math.Exp(x) / entail.Sum(Math.Exp)).ToArray();
        Assert.Equal(labels.Order(), result.Labels.Order());
        Assert.True(result.Scores.Zip(result.Scores.Skip(1)).All(p => p.First >= p.Second)); // best first
        Assert.All(result.Labels, (l, i) => Assert.Equal(expected[Array.IndexOf(labels, l)], result.Scores[i], 5));
        Assert.Equal(1.0, result.Scores.Sum(), 5);

        var multi = await pipe.ClassifyAsync("The match ended in a draw.", labels, new ZeroShotClassificationOptions { MultiLabel = true, HypothesisTemplate = "It is about {}" }, TestContext.Current.CancellationToken);
        foreach (var label in labels)
        {
            var l = PairLogits("The match ended in a draw.", $"It is about {label}");
            Assert.Equal(Math.Exp(l[1]) / (Math.Exp(l[0]) + Math.Exp(l[1])), multi.Scores[multi.Labels.ToList().IndexOf(label)], 5);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => pipe.ClassifyAsync("x", [], cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => pipe.ClassifyAsync("x", ["a"], new ZeroShotClassificationOptions { HypothesisTemplate = "no slot" }, TestContext.Current.CancellationToken));
        Assert.Equal(["a", "b c"], ZeroShotClassificationPipeline.ParseLabels(" a, ,b c ,"));
    }

    [Fact]
    public async Task RerankingSortsDocumentsByCrossEncoderScore()
    {
        using var pipe = await Pipeline.CreateRerankingAsync(EncoderFixtures.DistilBert, cancellationToken: TestContext.Current.CancellationToken);
        IReranker reranker = pipe;
        string[] documents = ["Paris is the capital of France.", "Bananas are yellow.", "France borders Spain.", ""];
        var ranked = await reranker.RerankAsync("capital of France", documents, topN: 3, TestContext.Current.CancellationToken);

        var expected = documents.Select(d => Softmax(PairLogits("capital of France", d))[1]).ToArray();
        Assert.Equal(3, ranked.Count);
        Assert.Equal(3, ranked.Select(r => r.Index).Distinct().Count());
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Score >= p.Second.Score)); // best first
        Assert.True(ranked[^1].Score >= expected.OrderDescending().ElementAt(2) - 1e-5); // the three best are kept
        Assert.All(ranked, r => Assert.Equal(expected[r.Index], r.Score, 5));
        Assert.All(ranked, r => Assert.Equal(documents[r.Index], r.Document));
    }

    [Fact]
    public async Task BadInputsGiveClearExceptions()
    {
        var noHead = await Assert.ThrowsAsync<InvalidDataException>(() => Pipeline.CreateTextClassificationAsync(EncoderFixtures.TinyBert, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("no sequence-classification", noHead.Message, StringComparison.Ordinal);
        Assert.Contains("output_0", noHead.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => AutoModelForQuestionAnswering.FromPretrained(EncoderFixtures.DistilBert));

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => Pipeline.CreateAsync("summarise-everything", EncoderFixtures.TinyBert, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("fill-mask", unknown.Message, StringComparison.Ordinal);

        // A tokenizer of 30522 entries in front of a model of 1656: the id is named before ONNX Runtime sees it.
        using var model = AutoModel.FromPretrained(EncoderFixtures.TinyBert);
        var tokenizer = Sharpformers.Tokenization.PretrainedTokenizer.FromFile(BertUncased);
        var ids = tokenizer.Encode("zebra").Ids.Select(i => (long)i).ToArray();
        var mismatch = Assert.Throws<ArgumentException>(() => model.Run(ids, ids.Select(_ => 1L).ToArray(), [], 1, TestContext.Current.CancellationToken));
        Assert.Contains("1656", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains(ids.First(i => i >= 1656).ToString(System.Globalization.CultureInfo.InvariantCulture), mismatch.Message, StringComparison.Ordinal);

        var tooLong = Enumerable.Repeat(5L, 600).ToArray();
        Assert.Throws<ArgumentException>(() => model.Run(tooLong, tooLong, [], 1, TestContext.Current.CancellationToken));

        using var classifier = await Pipeline.CreateTextClassificationAsync(EncoderFixtures.DistilBert, cancellationToken: TestContext.Current.CancellationToken);
        var huge = string.Concat(Enumerable.Repeat("good movie ", 10_000))[..100_000];
        var scores = await classifier.ClassifyAsync(huge, cancellationToken: TestContext.Current.CancellationToken);
        Assert.InRange(scores[0].Score, 0.5f, 1f);
        Assert.NotEmpty(await classifier.ClassifyAsync("", cancellationToken: TestContext.Current.CancellationToken));
    }

    private static float[] Logits(string text) =>
        PlainOrt.Run(Path.Combine(EncoderFixtures.DistilBert, "model.onnx"), PlainOrt.HfIds(BertUncased, text)).Values;

    private static float[] PairLogits(string a, string b)
    {
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: BertUncased);
        var ids = hf.Encode(a + " [SEP] " + b).Select(i => (long)i).ToArray(); // BERT pair layout: [CLS] a [SEP] b [SEP]
        return PlainOrt.Run(Path.Combine(EncoderFixtures.DistilBert, "model.onnx"), ids).Values;
    }

    private static double[] Softmax(float[] logits)
    {
        var e = logits.Select(x => Math.Exp(x - logits.Max())).ToArray();
        return e.Select(x => x / e.Sum()).ToArray();
    }
}
