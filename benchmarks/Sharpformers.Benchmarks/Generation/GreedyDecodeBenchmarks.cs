using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sharpformers.Generation;
using Sharpformers.Models;
using Sharpformers.TestSupport;
using GenAi = Microsoft.ML.OnnxRuntimeGenAI;

namespace Sharpformers.Benchmarks.Generation;

/// <summary>
/// Greedy decoding of a fixed number of new tokens on the two fixture decoders, Sharpformers against onnxruntime-genai
/// (which reads the fixtures' genai_config.json) in the same run. Two lengths are measured so that the per-token cost
/// (time and allocations) can be told apart from the per-call cost: per token = (op[Long] − op[Short]) / (Long − Short).
/// End-of-sequence stopping is disabled on both sides (min length = max length) so both produce exactly the same count.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class GreedyDecodeBenchmarks
{
    public const int Short = 32;
    public const int Long = 160;

    private static readonly long[] PromptLong = [1, 15043, 3186, 29892, 590, 1024, 338];
    private static readonly int[] PromptInt = [1, 15043, 3186, 29892, 590, 1024, 338];

    private CausalLanguageModel? model;
    private CausalLanguageModel? singleThreadModel;
    private GenAi.Model? genAiModel;
    private GenerationConfig? config;
    private GenerationOptions? options;
    private long[]? prompt;
    private int[]? promptInt;

    [Params("tiny-random-gpt2", "tiny-random-llama-fp16")]
    public string Fixture { get; set; } = "tiny-random-gpt2";

    [Params(Short, Long)]
    public int NewTokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Fixtures.Root, "models", Fixture);
        model = AutoModelForCausalLM.FromPretrained(folder);
        singleThreadModel = AutoModelForCausalLM.FromPretrained(folder, new ModelOptions { IntraOpNumThreads = 1 });
        genAiModel = new GenAi.Model(folder);

        // The GPT-2 fixture only knows ids below 1000.
        prompt = Fixture.Contains("gpt2", StringComparison.Ordinal) ? [.. PromptLong.Select(id => id % 1000)] : PromptLong;
        promptInt = Fixture.Contains("gpt2", StringComparison.Ordinal) ? [.. PromptInt.Select(id => id % 1000)] : PromptInt;
        config = new GenerationConfig { MaxNewTokens = NewTokens, MinNewTokens = NewTokens };
        options = new GenerationOptions();

        var ours = Sharpformers();
        var theirs = OnnxRuntimeGenAI();
        if (ours != theirs)
        {
            throw new InvalidOperationException($"the two implementations disagree on {Fixture}: last token {ours} vs {theirs}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        model?.Dispose();
        singleThreadModel?.Dispose();
        genAiModel?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "onnxruntime-genai 0.18.0")]
    public long OnnxRuntimeGenAI()
    {
        using var parameters = new GenAi.GeneratorParams(genAiModel!);
        parameters.SetSearchOption("max_length", promptInt!.Length + NewTokens);
        parameters.SetSearchOption("min_length", promptInt.Length + NewTokens);
        using var generator = new GenAi.Generator(genAiModel!, parameters);
        generator.AppendTokens(promptInt);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        var sequence = generator.GetSequence(0);
        return sequence[^1];
    }

    [Benchmark(Description = "Sharpformers")]
    public long Sharpformers()
    {
        var result = model!.Generate((IReadOnlyList<long>)prompt!, config, options);
        return result.Sequences[0][^1];
    }

    [Benchmark(Description = "Sharpformers, 1 intra-op thread")]
    public long SharpformersSingleThread()
    {
        var result = singleThreadModel!.Generate((IReadOnlyList<long>)prompt!, config, options);
        return result.Sequences[0][^1];
    }

    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            // 2 shared cores: a short in-process job; figures are noisy.
            AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(6).WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
