using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Constraints.Masking;
using Sharpformers.Generation.LogitsProcessing;

namespace Sharpformers.Benchmarks.Constraints;

/// <summary>
/// One decoding step of constrained decoding on Qwen3's vocabulary (151,669 ids) with a nested schema: find the row's
/// automaton state, fetch (or compute) the mask and apply it to the scores. <c>Step_warm</c> replays recorded
/// trajectories on a constraint whose masks are cached (steady state: the second request with the same schema);
/// <c>Step_cold</c> replays them on a fresh constraint each invocation (first request: every new state walks the token
/// trie). Peer in the same run: the softmax over the same vocabulary that every sampling step already pays.
/// Reported per step (OperationsPerInvoke).
/// </summary>
[Config(typeof(Config))]
public class ConstraintMaskBenchmarks
{
    private ConstraintWorkload _workload = null!;
    private List<long[]> _trajectories = null!;
    private TokenConstraint _warm = null!;
    private float[] _scores = null!;
    private float[] _probabilities = null!;
    private float[] _noise = null!;
    private int _steps;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new ConstraintWorkload();
        _warm = TokenConstraint.JsonSchema(ConstraintWorkload.NestedSchema);
        _trajectories = _workload.Trajectories(_warm, count: 4, seed: 1);
        _steps = _trajectories.Sum(t => t.Length);
        _scores = new float[_workload.VocabSize];
        _probabilities = new float[_workload.VocabSize];
        _noise = new float[_workload.VocabSize];
        var random = new Random(3);
        for (var i = 0; i < _noise.Length; i++)
        {
            _noise[i] = (float)random.NextDouble();
        }

        Replay(_workload.NewTracker(_warm));
        Console.WriteLine($"// {_trajectories.Count} trajectories, {_steps} steps, mean {(double)_steps / _trajectories.Count:F0} tokens");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public float Softmax_peer()
    {
        var sum = 0f;
        for (var i = 0; i < 1000; i++)
        {
            ScoreMath.Softmax(_noise, _probabilities);
            sum += _probabilities[i];
        }

        return sum;
    }

    [Benchmark]
    public int Step_warm() => Replay(_workload.NewTracker(_warm));

    [Benchmark]
    public int Step_cold() => Replay(_workload.NewTracker(TokenConstraint.JsonSchema(ConstraintWorkload.NestedSchema)));

    private int Replay(ConstraintTracker tracker)
    {
        var n = 0;
        foreach (var trajectory in _trajectories)
        {
            for (var length = 0; length < trajectory.Length; length++)
            {
                _noise.CopyTo(_scores, 0);
                tracker.Process(trajectory.AsSpan(0, length), _scores);
                n++;
            }
        }

        return n;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // 2 shared cores loaded by parallel work: a short in-process job; figures are noisy.
            AddJob(Job.ShortRun.WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
