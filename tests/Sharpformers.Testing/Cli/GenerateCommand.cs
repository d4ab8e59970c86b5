using System.CommandLine;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Cli;

/// <summary>
/// The console entry: <c>--family llama|gpt2 --layers N --hidden N --heads N --kv-heads N --vocab N
/// --max-positions N --dtype fp32|fp16 --layout optimum|merged|split|genai --seed N --out DIR</c>.
/// Exit code 0 on success, 1 when the model cannot be built or written, 2 on a usage error.
/// </summary>
internal static class GenerateCommand
{
    private static readonly Option<string> Family = Choice("--family", "Architecture: llama (RMSNorm, rotary, SwiGLU, GQA) or gpt2 (LayerNorm, learned positions, GELU)", "llama", "llama", "gpt2");
    private static readonly Option<int> Layers = Number("--layers", "Number of decoder layers", 2);
    private static readonly Option<int> Hidden = Number("--hidden", "Hidden size", 64);
    private static readonly Option<int> Heads = Number("--heads", "Attention heads", 4);
    private static readonly Option<int?> KvHeads = new("--kv-heads") { Description = "Key/value heads (default: --heads)" };
    private static readonly Option<int?> Intermediate = new("--intermediate") { Description = "Feed-forward width (default: 4*hidden for gpt2, 8/3*hidden rounded to 8 for llama)" };
    private static readonly Option<int> Vocab = Number("--vocab", "Vocabulary size (at least 256 + special tokens)", 512);
    private static readonly Option<int> MaxPositions = Number("--max-positions", "Maximum positions / context length", 256);
    private static readonly Option<string> DType = Choice("--dtype", "Floating-point type", "fp32", "fp32", "fp16");
    private static readonly Option<string> Layout = Choice("--layout", "ONNX layout", "optimum", "optimum", "merged", "split", "genai");
    private static readonly Option<int> Seed = Number("--seed", "Seed of the random weights", 0);
    private static readonly Option<DirectoryInfo> Out = new("--out") { Description = "Output folder", Required = true };

    /// <summary>The root command.</summary>
    public static RootCommand Create()
    {
        var command = new RootCommand("Writes a decoder-only model folder with seeded random weights (ONNX decoder, configs, byte-level BPE tokenizer).")
        {
            Family, Layers, Hidden, Heads, KvHeads, Intermediate, Vocab, MaxPositions, DType, Layout, Seed, Out,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult result)
    {
        var heads = result.GetValue(Heads);
        var options = new TestModelOptions
        {
            Family = result.GetValue(Family) == "gpt2" ? ModelFamily.Gpt2 : ModelFamily.Llama,
            NumLayers = result.GetValue(Layers),
            HiddenSize = result.GetValue(Hidden),
            NumHeads = heads,
            NumKeyValueHeads = result.GetValue(KvHeads) ?? heads,
            IntermediateSize = result.GetValue(Intermediate),
            VocabSize = result.GetValue(Vocab),
            MaxPositions = result.GetValue(MaxPositions),
            Precision = result.GetValue(DType) == "fp16" ? TensorPrecision.Float16 : TensorPrecision.Float32,
            Layout = Enum.Parse<ExportLayout>(result.GetValue(Layout)!, ignoreCase: true),
            Seed = result.GetValue(Seed),
        };
        var directory = result.GetValue(Out)!.FullName;
        try
        {
            var model = TestModel.Create(options);
            foreach (var path in model.WriteTo(directory))
            {
                Console.Out.WriteLine(path);
            }

            Console.Out.WriteLine($"parameters: {model.ParameterCount}");
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot write {directory}: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"error: cannot write {directory}: {e.Message}");
            return 1;
        }
    }

    private static Option<int> Number(string name, string description, int fallback) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
