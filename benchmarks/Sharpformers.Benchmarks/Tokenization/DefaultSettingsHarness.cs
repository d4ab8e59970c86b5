using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Benchmarks.Tokenization;

/// <summary>
/// Tokenizer figures as a user's process sees them (<c>dotnet run -c Release --project benchmarks/Sharpformers.Benchmarks --
/// tokenizers-default [fixture ...]</c>): default runtime settings (tiered compilation as configured, no BenchmarkDotNet
/// warm-up), one process. Per tokenizer: the first load of ours and of HF <c>tokenizers</c> (Rust, Tokenizers.DotNet) and
/// the median of three more; then ~1,000 varied strings (English, Vietnamese, ten scripts, code, numbers, emoji), three
/// warm-up passes of each, then ten passes interleaved ours/HF, reported as the median pass and the throughput ratio;
/// the same for our ids-only <c>EncodeToIds</c> (HF's <c>Encode</c> there returns ids only too), interleaved in the same passes;
/// also the managed bytes allocated per encode of a ~100-character string (<c>Encode</c>, then <c>EncodeToIds</c>) and, as its own column, the bytes of the results themselves (so what an encode allocates beyond its result is the difference). Add
/// <c>--steady</c> for 200 more warm-up passes first (steady state), <c>--loads N</c> for N repeated loads instead of three,
/// <c>--load-only</c> to skip the encode passes (it also prints the methods JIT-compiled during each first load and their
/// compile time), <c>--hf-first</c> to load HF's first instead of ours (who pays the process's first file and JSON use). The first load is the first in the process: run one fixture per process
/// for a fresh-process figure; <c>--alloc</c> prints only the bytes per encode (no loads or timed passes).
/// </summary>
internal static class DefaultSettingsHarness
{
    private static readonly string[] DefaultFixtures =
        ["tokenizers/qwen3", "models/tiny-random-gpt2", "tokenizers/llama-2", "tokenizers/bert-base-uncased"];

    public static int Run(string[] args)
    {
        var steady = args.Contains("--steady");
        var loadOnly = args.Contains("--load-only");
        var hfFirstInProcess = args.Contains("--hf-first");
        var loadsAt = Array.IndexOf(args, "--loads");
        var loads = loadsAt > 0 && loadsAt + 1 < args.Length ? int.Parse(args[loadsAt + 1], CultureInfo.InvariantCulture) : 3;
        var fixtures = args.Where((a, i) => i > 0 && !a.StartsWith("--", StringComparison.Ordinal) && (loadsAt < 0 || i != loadsAt + 1)).ToArray();
        var allocOnly = args.Contains("--alloc");
        var strings = Strings();
        Console.WriteLine($"strings: {strings.Length}, mean length {strings.Average(s => s.Length):F0} chars; tiered compilation: " +
            $"{Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default"}; steady: {steady}");
        Console.WriteLine("| tokenizer | first load ours / HF (ms) | load median ours / HF (ms) | encode pass ours / ids-only / HF (ms) | " +
            "ours / HF throughput: Encode, EncodeToIds | bytes per ~100-char Encode / EncodeToIds | of which the result |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var fixture in fixtures.Length > 0 ? fixtures : DefaultFixtures)
        {
            var folder = Path.Combine(Fixtures.Root, fixture);
            var path = Path.Combine(folder, "tokenizer.json");
            if (!File.Exists(path))
            {
                Console.WriteLine($"| {fixture} | absent | | | | | |");
                continue;
            }

            if (allocOnly)
            {
                var alloc = AllocatedPerEncode(PretrainedTokenizer.FromFile(path), strings);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {fixture} | | | | | {alloc.Encode:N0} / {alloc.Ids:N0} | {alloc.EncodeResult:N0} / {alloc.IdsResult:N0} |"));
                continue;
            }

            var (oursFirst, hfFirst, oursJit, hfJit) = FirstLoads(path, hfFirstInProcess);
            var oursLoads = new List<double>();
            var hfLoads = new List<double>();
            for (var i = 0; i < loads; i++)
            {
                oursLoads.Add(Time(() => PretrainedTokenizer.FromFile(path)));
                hfLoads.Add(Time(() => new Tokenizers.DotNet.Tokenizer(vocabPath: path).Dispose()));
            }

            if (loadOnly)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {fixture} | {oursFirst:F0} / {hfFirst:F0} | {Median(oursLoads):F0} / {Median(hfLoads):F0} | | | | |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  first load's JIT: ours {oursJit.Methods} methods, {oursJit.Ms:F0} ms; HF {hfJit.Methods} methods, {hfJit.Ms:F0} ms; process CPU during it: ours {oursJit.CpuMs:F0} ms, HF {hfJit.CpuMs:F0} ms; loaded {(hfFirstInProcess ? "HF" : "ours")} first"));
                continue;
            }

            var ours = PretrainedTokenizer.FromFile(path);
            using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
            var warmups = steady ? 203 : 3;
            for (var i = 0; i < warmups; i++)
            {
                PassOurs(ours, strings);
                PassIds(ours, strings);
                PassHf(hf, strings);
            }

            var oursPasses = new List<double>();
            var idsPasses = new List<double>();
            var hfPasses = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                oursPasses.Add(Time(() => PassOurs(ours, strings)));
                idsPasses.Add(Time(() => PassIds(ours, strings)));
                hfPasses.Add(Time(() => PassHf(hf, strings)));
            }

            var (perEncode, perIds, encodeResult, idsResult) = AllocatedPerEncode(ours, strings);
            double o = Median(oursPasses), d = Median(idsPasses), h = Median(hfPasses);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {fixture} | {oursFirst:F0} / {hfFirst:F0} | {Median(oursLoads):F0} / {Median(hfLoads):F0} | {o:F1} / {d:F1} / {h:F1} | {h / o:F2}×, {h / d:F2}× | {perEncode:N0} / {perIds:N0} | {encodeResult:N0} / {idsResult:N0} |"));
        }

        return 0;
    }

    /// <summary>
    /// Managed bytes allocated by one <c>Encode</c>, then one <c>EncodeToIds</c>, of a 80–120-char string (mean of 100), and
    /// the bytes of the results themselves (<see cref="ResultBytes(Sharpformers.Tokenization.Encoding, PretrainedTokenizer)"/>),
    /// so what an encode allocates beyond its result is the difference.
    /// </summary>
    private static (long Encode, long Ids, long EncodeResult, long IdsResult) AllocatedPerEncode(PretrainedTokenizer ours, string[] strings)
    {
        var hundred = strings.Where(s => s.Length is >= 80 and <= 120).Take(100).ToArray();
        ours.Encode(hundred[0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var s in hundred)
        {
            ours.Encode(s);
        }

        var perEncode = (GC.GetAllocatedBytesForCurrentThread() - before) / hundred.Length;
        ours.EncodeToIds(hundred[0]);
        before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var s in hundred)
        {
            ours.EncodeToIds(s);
        }

        var perIds = (GC.GetAllocatedBytesForCurrentThread() - before) / hundred.Length;
        var encodeResult = hundred.Sum(s => ResultBytes(ours.Encode(s), ours)) / hundred.Length;
        var idsResult = hundred.Sum(s => ArrayBytes(ours.EncodeToIds(s).Length, sizeof(int))) / hundred.Length;
        return (perEncode, perIds, encodeResult, idsResult);
    }

    /// <summary>
    /// The bytes an <see cref="Sharpformers.Tokenization.Encoding"/> itself holds on a 64-bit runtime: the object, its six
    /// per-token lists (object and exact-size backing array; a list grown past its count would hold more), the empty
    /// overflow list, and each token string that is not the vocabulary's own instance (one made for this encode).
    /// </summary>
    private static long ResultBytes(Sharpformers.Tokenization.Encoding encoding, PretrainedTokenizer tokenizer)
    {
        const long listObject = 32;
        var n = encoding.Length;
        var bytes = 72 + listObject // the Encoding and its empty overflow list
            + (4 * (listObject + ArrayBytes(n, sizeof(int)))) // ids, type ids, special-token mask, attention mask
            + listObject + ArrayBytes(n, 8) // token strings (references)
            + listObject + ArrayBytes(n, 8); // offsets
        var vocabulary = tokenizer.ConvertIdsToTokens(encoding.Ids);
        for (var i = 0; i < n; i++)
        {
            if (!ReferenceEquals(encoding.Tokens[i], vocabulary[i]))
            {
                bytes += 22 + (2L * encoding.Tokens[i].Length);
            }
        }

        return bytes;
    }

    /// <summary>Bytes of an array of <paramref name="length"/> elements of <paramref name="elementSize"/> bytes (header, length, padding to 8).</summary>
    private static long ArrayBytes(int length, int elementSize) => (24 + ((long)length * elementSize) + 7) / 8 * 8;

    private static int PassOurs(PretrainedTokenizer tokenizer, string[] strings)
    {
        var n = 0;
        foreach (var s in strings)
        {
            n += tokenizer.Encode(s).Length;
        }

        return n;
    }

    private static int PassIds(PretrainedTokenizer tokenizer, string[] strings)
    {
        var n = 0;
        foreach (var s in strings)
        {
            n += tokenizer.EncodeToIds(s).Length;
        }

        return n;
    }

    private static int PassHf(Tokenizers.DotNet.Tokenizer tokenizer, string[] strings)
    {
        var n = 0;
        foreach (var s in strings)
        {
            n += tokenizer.Encode(s).Length;
        }

        return n;
    }

    /// <summary>
    /// The first load of ours and of HF in this process, in the order asked, with the methods the JIT compiled during each,
    /// its compile time and the process's CPU time (all threads; steadier than wall time on a shared machine) (<see cref="System.Runtime.JitInfo"/>, this thread), so JIT time can be told from the rest.
    /// </summary>
    private static (double Ours, double Hf, (long Methods, double Ms, double CpuMs) OursJit, (long Methods, double Ms, double CpuMs) HfJit) FirstLoads(string path, bool hfFirst)
    {
        double ours = 0, hf = 0;
        (long, double, double) oursJit = default, hfJit = default;
        if (hfFirst)
        {
            hf = TimeWithJit(() => new Tokenizers.DotNet.Tokenizer(vocabPath: path).Dispose(), out hfJit);
        }

        ours = TimeWithJit(() => PretrainedTokenizer.FromFile(path), out oursJit);
        if (!hfFirst)
        {
            hf = TimeWithJit(() => new Tokenizers.DotNet.Tokenizer(vocabPath: path).Dispose(), out hfJit);
        }

        return (ours, hf, oursJit, hfJit);
    }

    private static double TimeWithJit(Action action, out (long Methods, double Ms, double CpuMs) jit)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        var compile = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        var ms = Time(action);
        jit = (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - methods,
            (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - compile).TotalMilliseconds,
            (RefreshedCpu(process) - cpu).TotalMilliseconds);
        return ms;
    }

    private static TimeSpan RefreshedCpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>~1,000 strings of 10–250 chars combined (seeded) from sentences in many scripts, code and emoji.</summary>
    internal static string[] Strings()
    {
        string[] pieces =
        [
            "The quick brown fox jumps over the lazy dog.", "I can't believe it's not butter!", "e-mail john.doe@example.com or visit https://example.org/a?b=1",
            "Việt Nam là quốc gia nằm ở phía đông bán đảo Đông Dương.", "Xin chào, tôi tên là Nguyễn Văn An.", "Phở bò tái chín rất ngon!",
            "你好，世界！我爱自然语言处理。", "こんにちは世界、私は学生です。", "안녕하세요 세계, 한국어 토크나이저", "مرحبا بالعالم، اللغة العربية جميلة",
            "שלום עולם", "Привет, мир! Съешь же ещё этих мягких булок.", "Γειά σου Κόσμε", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Merhaba dünya, İstanbul",
            "def hello(name: str) -> None:\n    print(f\"Hello, {name}!\")", "for (int i = 0; i < n; i++) { sum += a[i]; }",
            "{\"key\": \"value\", \"list\": [1, 2, 3]}", "SELECT * FROM users WHERE id = 42;", "In 2024 revenue grew 12.5% to $3,450,000.",
            "I love 🍕 and 🍣! 👍🏽 Family: 👨‍👩‍👧‍👦", "Flags 🇻🇳 🇺🇸 and 𝐁𝐨𝐥𝐝 𝐦𝐚𝐭𝐡", "  indented\n\tline with\ttabs  ", "3.14159 2,718 1e-10 0xDEADBEEF",
        ];
        var random = new Random(15_2026);
        var result = new string[1000];
        for (var i = 0; i < result.Length; i++)
        {
            var sb = new StringBuilder();
            var target = 10 + random.Next(240);
            while (sb.Length < target)
            {
                sb.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(4) == 0 ? "\n" : " ");
            }

            result[i] = sb.ToString();
        }

        return result;
    }
}
