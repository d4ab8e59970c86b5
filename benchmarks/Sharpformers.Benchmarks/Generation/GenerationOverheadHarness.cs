using System.Diagnostics;
using System.Globalization;
using Sharpformers.Benchmarks.Scaling;
using Sharpformers.Generation;
using Sharpformers.Models;
using Sharpformers.TestSupport;
using GenAi = Microsoft.ML.OnnxRuntimeGenAI;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Generation;

/// <summary>
/// In-process greedy generation, Sharpformers against onnxruntime-genai at the same intra-op thread count, without
/// BenchmarkDotNet (<c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks -- generation-overhead</c>).
/// Both load the same fixture folder (genai through a twin folder whose <c>genai_config.json</c> sets the thread count);
/// every round runs each side once with <see cref="Short"/> and once with <see cref="Long"/> new tokens, interleaved, and
/// the per-token time is (long − short) / (Long − Short), so prompt and per-call costs cancel out. Reported: the first
/// call after loading (default runtime settings, no warm-up: what a user's first request sees), and the medians over the
/// rounds of the per-token time and, for Sharpformers, of the managed bytes allocated per token.
/// Options: <c>--fixture NAME</c> (default tiny-random-llama-fp16), <c>--threads N</c> (default 1; both sides),
/// <c>--rounds N</c> (default 15), <c>--no-spinning</c> (Sharpformers only: <c>session.intra_op.allow_spinning = 0</c>).
/// </summary>
internal static class GenerationOverheadHarness
{
    private const int Short = 16;
    private const int Long = 112;
    private static readonly int[] Prompt = [1, 15043, 3186, 29892, 590, 1024, 338];

    public static int Run(string[] args)
    {
        var fixture = Option(args, "--fixture") ?? "tiny-random-llama-fp16";
        var threads = int.Parse(Option(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "15", CultureInfo.InvariantCulture);
        var noSpinning = args.Contains("--no-spinning");
        var folder = Fixtures.Require("models", fixture);
        var twin = ScalingModels.GenAiTwin(folder, Path.Combine(RepositoryRoot.Path, "artifacts", "overhead", $"{fixture}-genai-{threads}-threads"), threads);

        var load = Stopwatch.StartNew();
        using var ours = AutoModelForCausalLM.FromPretrained(folder, new ModelOptions
        {
            IntraOpNumThreads = threads,
            ConfigureSessionOptions = noSpinning ? static session => session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0") : null,
        });
        var oursLoad = load.Elapsed.TotalMilliseconds;
        load.Restart();
        using var peer = new GenAi.Model(twin);
        var peerLoad = load.Elapsed.TotalMilliseconds;

        var prompt = Array.ConvertAll(Prompt, id => (long)id);
        var oursFirst = Time(() => Ours(ours, prompt, Long), out _);
        var peerFirst = Time(() => Peer(peer, Prompt, Long), out _);
        if (Ours(ours, prompt, Long) != Peer(peer, Prompt, Long))
        {
            throw new InvalidOperationException("Sharpformers and onnxruntime-genai picked different tokens");
        }

        var oursPerToken = new double[rounds];
        var peerPerToken = new double[rounds];
        var oursBytes = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            var oursShort = Time(() => Ours(ours, prompt, Short), out var shortBytes);
            var peerShort = Time(() => Peer(peer, Prompt, Short), out _);
            var oursLong = Time(() => Ours(ours, prompt, Long), out var longBytes);
            var peerLong = Time(() => Peer(peer, Prompt, Long), out _);
            oursPerToken[r] = (oursLong - oursShort) / (Long - Short);
            peerPerToken[r] = (peerLong - peerShort) / (Long - Short);
            oursBytes[r] = (double)(longBytes - shortBytes) / (Long - Short);
        }

        var oursMedian = Median(oursPerToken);
        var peerMedian = Median(peerPerToken);
        Console.WriteLine($"fixture {fixture}, intra-op threads {threads} (both){(noSpinning ? ", Sharpformers without spinning" : "")}, {rounds} interleaved rounds, tokens {Short} and {Long}");
        Console.WriteLine($"load:            sharpformers {oursLoad,8:0.0} ms   onnxruntime-genai {peerLoad,8:0.0} ms");
        Console.WriteLine($"first call ({Long}): sharpformers {oursFirst,8:0.0} ms   onnxruntime-genai {peerFirst,8:0.0} ms");
        Console.WriteLine($"per token (median): sharpformers {oursMedian * 1000,7:0.0} us   onnxruntime-genai {peerMedian * 1000,7:0.0} us   genai/ours {peerMedian / oursMedian:0.00}x");
        Console.WriteLine($"per token (all rounds, us): sharpformers [{string.Join(' ', oursPerToken.Select(v => (v * 1000).ToString("0", CultureInfo.InvariantCulture)))}]");
        Console.WriteLine($"                            genai        [{string.Join(' ', peerPerToken.Select(v => (v * 1000).ToString("0", CultureInfo.InvariantCulture)))}]");
        Console.WriteLine($"managed allocation per token (median, sharpformers): {Median(oursBytes):0} B");
        return 0;
    }

    private static long Ours(CausalLanguageModel model, long[] prompt, int tokens)
    {
        var config = new GenerationConfig { MaxNewTokens = tokens, MinNewTokens = tokens };
        return model.Generate((IReadOnlyList<long>)prompt, config).Sequences[0][^1];
    }

    private static long Peer(GenAi.Model model, int[] prompt, int tokens)
    {
        using var parameters = new GenAi.GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + tokens);
        parameters.SetSearchOption("min_length", prompt.Length + tokens);
        using var generator = new GenAi.Generator(model, parameters);
        generator.AppendTokens(prompt);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        return generator.GetSequence(0)[^1];
    }

    private static double Time(Func<long> action, out long allocatedBytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        action();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return elapsed;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
