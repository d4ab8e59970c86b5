using Utf8 = System.Text.Encoding;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Benchmarks.Tokenization;

/// <summary>
/// Encode and decode throughput of Sharpformers against HF <c>tokenizers</c> (Rust, via Tokenizers.DotNet) on the same
/// text in the same run: GPT-2-style byte-level BPE, Llama-2 byte-fallback BPE,
/// Qwen3 (byte-level BPE, 151k vocabulary) and bert-base-uncased (WordPiece). One call per line of a ~64 KB mixed
/// English/Vietnamese/code text; both sides add special tokens; HF runs single-threaded per call.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class TokenizerThroughputBenchmarks
{
    private PretrainedTokenizer ours = null!;
    private Tokenizers.DotNet.Tokenizer hf = null!;
    private string[] lines = [];
    private int[][] ids = [];
    private uint[][] hfIds = [];

    [Params("models/tiny-random-gpt2", "tokenizers/llama-2", "tokenizers/qwen3", "tokenizers/bert-base-uncased")]
    public string Tokenizer { get; set; } = "";

    /// <summary>UTF-8 size of the text, to turn the mean time into MB/s.</summary>
    public static int TextBytes => Utf8.UTF8.GetByteCount(string.Join('\n', Corpus()));

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Fixtures.Root, Tokenizer);
        ours = AutoTokenizer.FromPretrained(folder);
        hf = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(folder, "tokenizer.json"));
        lines = Corpus();
        ids = lines.Select(l => ours.Encode(l).Ids.ToArray()).ToArray();
        hfIds = ids.Select(a => a.Select(i => (uint)i).ToArray()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => hf.Dispose();

    [Benchmark(Baseline = true)]
    public int EncodeHf()
    {
        var n = 0;
        foreach (var line in lines)
        {
            n += hf.Encode(line).Length;
        }

        return n;
    }

    [Benchmark]
    public int EncodeSharpformers()
    {
        var n = 0;
        foreach (var line in lines)
        {
            n += ours.Encode(line).Length;
        }

        return n;
    }

    [Benchmark]
    public int DecodeHf()
    {
        var n = 0;
        foreach (var a in hfIds)
        {
            n += hf.Decode(a).Length;
        }

        return n;
    }

    [Benchmark]
    public int DecodeSharpformers()
    {
        var n = 0;
        foreach (var a in ids)
        {
            n += ours.Decode(a, skipSpecialTokens: true).Length;
        }

        return n;
    }

    internal static string[] Corpus()
    {
        string[] paragraphs =
        [
            "The quick brown fox jumps over the lazy dog. Tokenizers split text into pieces that a model understands, and they must do it exactly as the model was trained.",
            "Việt Nam là một quốc gia nằm ở phía đông bán đảo Đông Dương, có đường bờ biển dài và nhiều cảnh đẹp thiên nhiên.",
            "def encode(self, text: str) -> list[int]:\n    return [self.vocab[t] for t in self.split(text)]",
            "In 2024, revenue grew 12.5% to $3,450,000 while costs fell by 7%; see https://example.com/report?id=42 for details.",
            "Large language models generate one token at a time; a streaming detokenizer must never emit half a character 😀.",
        ];
        var result = new List<string>();
        var size = 0;
        for (var i = 0; size < 64 * 1024; i++)
        {
            var line = paragraphs[i % paragraphs.Length];
            result.Add(line);
            size += Utf8.UTF8.GetByteCount(line) + 1;
        }

        return result.ToArray();
    }
}

/// <summary>A short in-process job: the machine is small and shared, so figures are indicative.</summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6));
    }
}
