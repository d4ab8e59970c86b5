using System.Globalization;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Sharpformers.Benchmarks.ColdStart;

/// <summary>
/// The peer of the cold-start run: a minimal onnxruntime-genai console app (<c>genai-console FOLDER N</c>) that loads the model
/// and its tokenizer, encodes "Hello world", generates exactly N tokens greedily, decodes and prints them, as
/// <c>sharpformers generate</c> does (with <c>SHARPFORMERS_TIMINGS=1</c> it writes the same timing marks to stderr). It returns before BenchmarkDotNet is touched, so only genai's assemblies are loaded.
/// </summary>
internal static class GenAiConsole
{
    public static int Run(string[] args)
    {
        ColdStartMarks.Mark("main");
        var folder = args[1];
        var newTokens = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var model = new Model(folder);
        ColdStartMarks.Mark("model-loaded");
        ColdStartMarks.Mark("tokenizer-start");
        using var tokenizer = new Tokenizer(model);
        ColdStartMarks.Mark("tokenizer-loaded");
        using var sequences = tokenizer.Encode("Hello world");
        var prompt = sequences[0].ToArray();
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + newTokens);
        parameters.SetSearchOption("min_length", prompt.Length + newTokens);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        var first = true;
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
            if (first)
            {
                ColdStartMarks.Mark("first-token");
                first = false;
            }
        }

        ColdStartMarks.Mark("generated");

        Console.WriteLine(tokenizer.Decode(generator.GetSequence(0)));
        return 0;
    }
}
