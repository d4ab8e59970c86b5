using Microsoft.ML.OnnxRuntimeGenAI;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>Greedy decoding of the same folder with onnxruntime-genai (its <c>genai_config.json</c>, type <c>llama</c>).</summary>
internal sealed class GenAiGreedyDecoder : IDisposable
{
    private readonly Model model;
    private GeneratorParams? parameters;
    private Generator? generator;

    public GenAiGreedyDecoder(string folder) => model = new Model(folder);

    /// <summary>Starts a generator for <paramref name="batchSize"/> rows and appends the prompt ([batch, seq] row-major).</summary>
    public void Prefill(int[] prompt, int batchSize, int maxLength)
    {
        DisposeGenerator();
        parameters = new GeneratorParams(model);
        parameters.SetSearchOption("batch_size", batchSize);
        parameters.SetSearchOption("max_length", maxLength);
        parameters.SetSearchOption("min_length", maxLength);
        parameters.SetSearchOption("do_sample", false);
        generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
    }

    /// <summary>Generates one token per row.</summary>
    public void Step() => generator!.GenerateNextToken();

    /// <summary>The tokens of row <paramref name="row"/> so far, prompt included.</summary>
    public int[] Sequence(int row) => generator!.GetSequence((ulong)row).ToArray();

    public void Dispose()
    {
        DisposeGenerator();
        model.Dispose();
    }

    private void DisposeGenerator()
    {
        generator?.Dispose();
        parameters?.Dispose();
        generator = null;
        parameters = null;
    }
}
