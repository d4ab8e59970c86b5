using System.Collections.Concurrent;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests.Fixtures;

/// <summary>Loads each fixture model once per test run (models are safe for concurrent use).</summary>
internal static class ModelCache
{
    private static readonly ConcurrentDictionary<string, Lazy<CausalLanguageModel>> Models = new();

    public static CausalLanguageModel Get(string path) =>
        Models.GetOrAdd(path, p => new Lazy<CausalLanguageModel>(() => AutoModelForCausalLM.FromPretrained(p))).Value;

    public static CausalLanguageModel Gpt2() => Get(Sharpformers.TestSupport.Fixtures.Require("models", "tiny-random-gpt2"));

    public static CausalLanguageModel Llama() => Get(Sharpformers.TestSupport.Fixtures.Require("models", "tiny-random-llama-fp16"));
}
