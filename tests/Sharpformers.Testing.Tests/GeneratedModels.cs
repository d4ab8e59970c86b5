using System.Collections.Concurrent;
using Sharpformers.Testing.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Testing.Tests;

/// <summary>Small generated models, built once per (family, layout, precision) into one temporary folder for the test run.</summary>
internal static class GeneratedModels
{
    private static readonly Lazy<TemporaryDirectory> Root = new(() =>
    {
        var directory = new TemporaryDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        return directory;
    });

    private static readonly ConcurrentDictionary<TestModelOptions, Lazy<(TestModel Model, string Folder)>> Cache = new();

    /// <summary>The small shape used by the tests: 2 layers, hidden 32, 4 heads (2 key/value heads for Llama).</summary>
    public static TestModelOptions Small(ModelFamily family, ExportLayout layout, TensorPrecision precision = TensorPrecision.Float32) => new()
    {
        Family = family,
        Layout = layout,
        Precision = precision,
        NumLayers = 2,
        HiddenSize = 32,
        NumHeads = 4,
        NumKeyValueHeads = family == ModelFamily.Llama ? 2 : 4,
        VocabSize = 320,
        MaxPositions = 64,
        Seed = 7,
    };

    /// <summary>The model and the folder it was written to.</summary>
    public static (TestModel Model, string Folder) Get(TestModelOptions options) =>
        Cache.GetOrAdd(options, key => new Lazy<(TestModel, string)>(() =>
        {
            var model = TestModel.Create(key);
            var folder = Root.Value.Combine($"{key.Family}-{key.Layout}-{key.Precision}-{key.GetHashCode():x8}");
            model.WriteTo(folder);
            return (model, folder);
        })).Value;
}
