using Sharpformers.TestSupport;

namespace Sharpformers.Pipelines.Tests;

/// <summary>The fixture models and pipelines over them, loaded once per test run.</summary>
internal static class FixtureModels
{
    private static readonly Lazy<TextGenerationPipeline> LazyGpt2 = new(() => Pipeline.CreateTextGeneration(Gpt2Folder));
    private static readonly Lazy<TextGenerationPipeline> LazyLlama = new(() => Pipeline.CreateTextGeneration(LlamaFolder));

    public static string Gpt2Folder => Fixtures.Require("models", "tiny-random-gpt2");

    public static string LlamaFolder => Fixtures.Require("models", "tiny-random-llama-fp16");

    /// <summary>tiny-random-gpt2 (fp32, genai combined-past layout, no chat template).</summary>
    public static TextGenerationPipeline Gpt2 => Fixtures.Available ? LazyGpt2.Value : throw Skip();

    /// <summary>tiny-random-llama-fp16 (fp16, Optimum layout, Llama-2 tokenizer with a chat template).</summary>
    public static TextGenerationPipeline Llama => Fixtures.Available ? LazyLlama.Value : throw Skip();

    private static Exception Skip()
    {
        Fixtures.Require("models");
        return new InvalidOperationException("unreachable");
    }
}
