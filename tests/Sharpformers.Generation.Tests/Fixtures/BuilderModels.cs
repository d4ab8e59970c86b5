using System.Collections.Concurrent;
using Sharpformers.Models;
using Sharpformers.Testing;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Generation.Tests.Fixtures;

/// <summary>Small fp32 models from the test-model builder, written once per run into a temporary folder and loaded once.</summary>
internal static class BuilderModels
{
    private static readonly Lazy<TemporaryDirectory> Root = new(() =>
    {
        var directory = new TemporaryDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        return directory;
    });

    private static readonly ConcurrentDictionary<(ModelFamily, ExportLayout), Lazy<CausalLanguageModel>> Models = new();

    public static CausalLanguageModel Get(ModelFamily family, ExportLayout layout) =>
        Models.GetOrAdd((family, layout), key => new Lazy<CausalLanguageModel>(() =>
        {
            var options = new TestModelOptions
            {
                Family = key.Item1,
                Layout = key.Item2,
                NumLayers = 2,
                HiddenSize = 32,
                NumHeads = 4,
                NumKeyValueHeads = key.Item1 == ModelFamily.Llama ? 2 : 4,
                VocabSize = 320,
                MaxPositions = 128,
                Seed = 11,
            };
            var folder = Root.Value.Combine($"{key.Item1}-{key.Item2}");
            TestModel.Create(options).WriteTo(folder);
            return AutoModelForCausalLM.FromPretrained(folder);
        })).Value;
}
