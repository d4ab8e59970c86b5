using System.Diagnostics;
using System.Globalization;
using Sharpformers.TestSupport;

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
/// Options: <c>--fixture NAME</c> (default tiny-random-llama-fp16), <c>--rounds N</c> (default 9).
/// </summary>
internal static class ColdStartHarness
{
    private static readonly int[] Lengths = [1, 20];

    public static int Run(string[] args)
    {
        var fixture = Option(args, "--fixture") ?? "tiny-random-llama-fp16";
        var rounds = int.Parse(Option(args, "--rounds") ?? "9", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Fixtures.Root, "models", fixture);
        var tool = Option(args, "--tool") ?? Path.Combine(RepositoryRoot.Path, "artifacts", "tool", "sharpformers");
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

        // One untimed run of each warms the OS file cache, as a second launch by a user would.
        foreach (var variant in variants)
        {
            Launch(variant, Lengths[^1]);
        }

        var times = variants.ToDictionary(v => v, _ => Lengths.ToDictionary(n => n, _ => new List<double>()));
        for (var r = 0; r < rounds; r++)
        {
            foreach (var n in Lengths)
            {
                foreach (var variant in variants)
                {
                    times[variant][n].Add(Launch(variant, n));
                }
            }
        }

        Console.WriteLine($"fixture {fixture}, {rounds} interleaved rounds, whole process wall time, median (min..max) in ms");
        foreach (var variant in variants)
        {
            var cells = Lengths.Select(n => $"{n,2} tokens {Median(times[variant][n]),7:0} ({times[variant][n].Min():0}..{times[variant][n].Max():0})");
            Console.WriteLine($"{variant.Name,-50} {string.Join("   ", cells)}");
        }

        return 0;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] Ours(string folder, int n) =>
        ["generate", folder, "--prompt", "Hello world", "--max-new-tokens", N(n), "--min-new-tokens", N(n)];

    private static double Launch(Variant variant, int newTokens)
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

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{variant.Name} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }

        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed record Variant(string Name, string Path, Func<int, string[]> Arguments, (string Name, string Value)[] Environment);
}
