using Sharpformers.TestSupport;

namespace Sharpformers.Models.Tests.Modeling;

/// <summary>The two fixture decoders, with their tolerance for comparing logits.</summary>
public sealed record FixtureModel(string Name, float Tolerance)
{
    public static readonly FixtureModel Gpt2 = new("tiny-random-gpt2", 1e-4f);
    public static readonly FixtureModel LlamaFp16 = new("tiny-random-llama-fp16", 1e-2f);

    public static TheoryData<string> Names => new(Gpt2.Name, LlamaFp16.Name);

    public static FixtureModel ByName(string name) => name == Gpt2.Name ? Gpt2 : LlamaFp16;

    public string Folder => Fixtures.Require("models", Name);

    public CausalLanguageModel Load(ModelOptions? options = null) => AutoModelForCausalLM.FromPretrained(Folder, options);

    public override string ToString() => Name;
}
