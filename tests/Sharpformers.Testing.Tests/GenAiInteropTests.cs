using Microsoft.ML.OnnxRuntimeGenAI;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Tests.Decoding;

namespace Sharpformers.Testing.Tests;

/// <summary>onnxruntime-genai, an independent runner, loads the generated folders through their genai_config.json and decodes the same tokens.</summary>
public sealed class GenAiInteropTests
{
    [Theory]
    [InlineData(ModelFamily.Llama, ExportLayout.Optimum)]
    [InlineData(ModelFamily.Gpt2, ExportLayout.Optimum)]
    [InlineData(ModelFamily.Llama, ExportLayout.Genai)]
    [InlineData(ModelFamily.Gpt2, ExportLayout.Genai)]
    public void Genai_greedy_tokens_equal_the_argmax_of_our_cached_decode(ModelFamily family, ExportLayout layout)
    {
        var options = GeneratedModels.Small(family, layout);
        var (_, folder) = GeneratedModels.Get(options);
        var prompt = Batches.RandomTokens(9, 5, 3, options.VocabSize);
        const int newTokens = 6;

        var expected = new List<long>(prompt);
        using (var runner = new DecoderRunner(folder, options))
        {
            var (logits, cache) = runner.Run(prompt, Batches.Ones(prompt.Length), Batches.Arange(0, prompt.Length), 1, null);
            var last = logits.AsSpan((prompt.Length - 1) * options.VocabSize, options.VocabSize);
            for (var i = 0; i < newTokens; i++)
            {
                var token = (long)System.Numerics.Tensors.TensorPrimitives.IndexOfMax(last);
                expected.Add(token);
                if (i == newTokens - 1)
                {
                    break;
                }

                (logits, cache) = runner.Run([token], Batches.Ones(expected.Count), [expected.Count - 1], 1, cache);
                last = logits;
            }
        }

        using var model = new Model(folder);
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + newTokens);
        parameters.SetSearchOption("min_length", prompt.Length + newTokens);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(Array.ConvertAll(prompt, id => (int)id));
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        var actual = generator.GetSequence(0).ToArray().Select(id => (long)id);
        Assert.Equal(expected, actual);
    }
}
