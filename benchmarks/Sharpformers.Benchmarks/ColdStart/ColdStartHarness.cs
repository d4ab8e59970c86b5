using System.Diagnostics;
using System.Globalization;
using Sharpformers.TestSupport;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.ColdStart;

/// <summary>
/// Whole-process cold start (<c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks -- coldstart</c>): wall time
/// from process start to exit of <c>sharpformers generate MODEL --prompt "Hello world" --max-new-tokens N --min-new-tokens N</c>
/// against <see cref="GenAiConsole"/> (a minimal onnxruntime-genai console app: load, tokenize, generate N tokens, decode,
/// print) on the same folder, for N = 1 (time to first token, process exit included) and N = 20, interleaved round by round;
/// medians are reported. The tool is the one `dotnet tool install --tool-path artifacts/tool --add-source artifacts/packages
/// Sharpformers.Cli` installs (ReadyToRun, the RID-specific package); <c>--tool PATH</c> picks another build (for example
/// the JIT-only <c>src/Sharpformers.Cli/bin/Release/net10.0/sharpformers</c>) and <c>--env NAME=VALUE</c> (repeatable) adds
/// a variant of the tool run with that environment variable (for example <c>DOTNET_TieredPGO=0</c>); <c>--also PATH</c>
/// (repeatable) adds another build of the tool as a variant.
/// The Native AOT build (<c>dotnet publish src/Sharpformers.Cli -c Release -r linux-x64 -p:PublishAot=true -p:RuntimeIdentifiers=linux-x64</c>)
/// is added as a variant when its output exists (or from <c>--aot PATH</c>).
/// <c>--breakdown</c> runs N = 20 only, with <c>SHARPFORMERS_TIMINGS=1</c>, and reports the median of each phase (process start,
/// tokenizer load, model load, first token, rest, exit; see <see cref="ColdStartMarks"/>) besides the wall time.
/// Options: <c>--fixture NAME</c> (default tiny-random-llama-fp16), <c>--rounds N</c> (default 9).
/// </summary>
internal static class ColdStartHarness
{
    private static readonly int[] AllLengths = [1, 20];

    public static int Run(string[] args)
    {
        var fixture = Option(args, "--fixture") ?? "tiny-random-llama-fp16";
        var rounds = int.Parse(Option(args, "--rounds") ?? "9", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Fixtures.Root, "models", fixture);
        var tool = Option(args, "--tool") ?? Path.Combine(RepositoryRoot.Path, "artifacts", "tool", "sharpformers");
        var aot = Option(args, "--aot") ?? Path.Combine(RepositoryRoot.Path, "src", "Sharpformers.Cli", "bin", "Release", "net10.0", "linux-x64", "publish", "sharpformers");
        var breakdown = args.Contains("--breakdown");
        int[] lengths = breakdown ? [20] : AllLengths;
        if (!File.Exists(tool))
        {
            Console.Error.WriteLine($"no sharpformers tool at {tool}: run `dotnet pack src/Sharpformers.Cli -c Release -o artifacts/packages` and " +
                "`dotnet tool install --tool-path artifacts/tool --add-source artifacts/packages Sharpformers.Cli`, or pass --tool PATH");
            return 2;
        }

        var variants = new List<Variant>
        {
            new("onnxruntime-genai console", Environment.ProcessPath!, n => ["genai-console", folder, N(n)], []),
            new("sharpformers generate", tool, n => Ours(folder, n), []),
        };
        if (File.Exists(aot))
        {
            variants.Add(new("sharpformers generate, Native AOT", aot, n => Ours(folder, n), []));
        }
        else
        {
            Console.WriteLine($"no Native AOT build at {aot} (see docs/cli.md); measuring without it");
        }
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--also")
            {
                variants.Add(new($"sharpformers generate, {args[i + 1]}", args[i + 1], n => Ours(folder, n), []));
            }

            if (args[i] == "--env")
            {
                var pair = args[i + 1].Split('=', 2);
                variants.Add(new($"sharpformers generate, {args[i + 1]}", tool, n => Ours(folder, n), [(pair[0], pair[1])]));
            }
        }

        if (breakdown)
        {
            variants = [.. variants.Select(v => v with { Environment = [.. v.Environment, (ColdStartMarks.EnvironmentVariable, "1")] })];
        }

        // One untimed run of each warms the OS file cache, as a second launch by a user would.
        foreach (var variant in variants)
        {
            Launch(variant, lengths[^1]);
        }

        var times = variants.ToDictionary(v => v, _ => lengths.ToDictionary(n => n, _ => new List<double>()));
        var phases = variants.ToDictionary(v => v, _ => new Dictionary<string, List<double>>());
        for (var r = 0; r < rounds; r++)
        {
            foreach (var n in lengths)
            {
                foreach (var variant in variants)
                {
                    var run = Launch(variant, n);
                    times[variant][n].Add(run.WallMs);
                    foreach (var (phase, ms) in ColdStartMarks.Durations(run.Stderr, run.LaunchUnixMs, run.ExitUnixMs))
                    {
                        (phases[variant].TryGetValue(phase, out var list) ? list : phases[variant][phase] = []).Add(ms);
                    }
                }
            }
        }

        Console.WriteLine($"fixture {fixture}, {rounds} interleaved rounds, whole process wall time, median (min..max) in ms");
        foreach (var variant in variants)
        {
            var cells = lengths.Select(n => $"{n,2} tokens {Median(times[variant][n]),7:0} ({times[variant][n].Min():0}..{times[variant][n].Max():0})");
            Console.WriteLine($"{variant.Name,-50} {string.Join("   ", cells)}");
        }

        if (breakdown)
        {
            Console.WriteLine();
            Console.WriteLine("breakdown, 20 tokens, median ms per phase (tokenizer and model load overlap in sharpformers generate; first token counts from the later of the two)");
            Console.WriteLine($"{"",-50} {string.Join(" ", ColdStartMarks.Phases.Select(p => $"{p.Phase,14}"))}");
            foreach (var variant in variants)
            {
                var cells = ColdStartMarks.Phases.Select(p => phases[variant].TryGetValue(p.Phase, out var list) ? $"{Median(list),14:0.0}" : $"{"-",14}");
                Console.WriteLine($"{variant.Name,-50} {string.Join(" ", cells)}");
            }
        }

        return 0;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] Ours(string folder, int n) =>
        ["generate", folder, "--prompt", "Hello world", "--max-new-tokens", N(n), "--min-new-tokens", N(n)];

    private static (double WallMs, string Stderr, double LaunchUnixMs, double ExitUnixMs) Launch(Variant variant, int newTokens)
    {
        var start = new ProcessStartInfo(variant.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in variant.Arguments(newTokens))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variant.Environment)
        {
            start.Environment[name] = value;
        }

        var launch = UnixMs();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var exit = UnixMs();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{variant.Name} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }

        return (elapsed, error.Result, launch, exit);
    }

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Variant(string Name, string Path, Func<int, string[]> Arguments, (string Name, string Value)[] Environment);
}
