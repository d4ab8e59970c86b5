using System.Globalization;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Sharpformers.Benchmarks.ColdStart;

/// <summary>
/// The peer of the cold-start run: a minimal onnxruntime-genai console app (<c>genai-console FOLDER N</c>) that loads the model
/// and its tokenizer, encodes "Hello world", generates exactly N tokens greedily, decodes and prints them, as
/// <c>sharpformers generate</c> does. It returns before BenchmarkDotNet is touched, so only genai's assemblies are loaded.
/// </summary>
internal static class GenAiConsole
{
    public static int Run(string[] args)
    {
        var folder = args[1];
        var newTokens = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var model = new Model(folder);
        using var tokenizer = new Tokenizer(model);
        using var sequences = tokenizer.Encode("Hello world");
        var prompt = sequences[0].ToArray();
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + newTokens);
        parameters.SetSearchOption("min_length", prompt.Length + newTokens);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        Console.WriteLine(tokenizer.Decode(generator.GetSequence(0)));
        return 0;
    }
}
