using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// Per-token decode latency of generated Llama-style models against size, context and batch: after a prefill of
/// <see cref="Context"/> tokens per row (in the iteration setup, not measured) each invocation decodes
/// <see cref="NewTokens"/> tokens, and BenchmarkDotNet divides by them, so Mean is the latency of one decode step
/// for the whole batch (tokens/s = Batch / Mean). Ours (<see cref="SharpformersGreedyDecoder"/>: AutoModelForCausalLM, KvCache,
/// Forward) and onnxruntime-genai run the same <c>model.onnx</c> in the same process. <see cref="ScalingHarness"/> is the
/// cheaper run (one prefill per case) used for docs/benchmarks.md. Sizes, contexts and batches come from SHARPFORMERS_SCALING_SIZES /
/// _CONTEXTS / _BATCHES (comma-separated; defaults 10M,50M,150M / 128,512,2048 / 1,4,16).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MemoryDiagnoser(false)]
public class DecodeScalingBenchmarks
{
    private const int NewTokens = 16;
    private SharpformersGreedyDecoder? ours;
    private GenAiGreedyDecoder? genai;
    private long[] prompt = [];

    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "10M";

    [ParamsSource(nameof(Contexts))]
    public int Context { get; set; } = 128;

    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; } = 1;

    public static IEnumerable<string> Sizes() => Setting("SIZES", "10M,50M,150M");

    public static IEnumerable<int> Contexts() => Setting("CONTEXTS", "128,512,2048").Select(int.Parse);

    public static IEnumerable<int> Batches() => Setting("BATCHES", "1,4,16").Select(int.Parse);

    [GlobalSetup]
    public void Setup()
    {
        var options = ScalingModels.Shapes[Size];
        var folder = ScalingModels.Folder(Size);
        ours = new SharpformersGreedyDecoder(folder);
        genai = new GenAiGreedyDecoder(folder);
        var random = new Random(5);
        prompt = new long[Batch * Context];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = random.Next(300, options.VocabSize);
        }
    }

    [IterationSetup(Target = nameof(Ours))]
    public void PrefillOurs() => ours!.Prefill(prompt, Batch, Context + NewTokens + 1);

    [IterationSetup(Target = nameof(OnnxRuntimeGenAI))]
    public void PrefillGenAi() => genai!.Prefill(Array.ConvertAll(prompt, id => (int)id), Batch, Context + NewTokens + 1);

    [Benchmark(Baseline = true, OperationsPerInvoke = NewTokens, Description = "Sharpformers")]
    public void Ours()
    {
        for (var i = 0; i < NewTokens; i++)
        {
            ours!.Step();
        }
    }

    [Benchmark(OperationsPerInvoke = NewTokens, Description = "onnxruntime-genai")]
    public void OnnxRuntimeGenAI()
    {
        for (var i = 0; i < NewTokens; i++)
        {
            genai!.Step();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ours?.Dispose();
        genai?.Dispose();
    }

    private static string[] Setting(string name, string fallback) =>
        (Environment.GetEnvironmentVariable("SHARPFORMERS_SCALING_" + name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
