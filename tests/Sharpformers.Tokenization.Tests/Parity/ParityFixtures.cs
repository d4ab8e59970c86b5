using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Parity;

/// <summary>The tokenizer fixtures that the differential tests cover.</summary>
public static class ParityFixtures
{
    /// <summary>The negative fixture HF refuses to load.</summary>
    public const string Refused = "synthetic-added-tokens";

    /// <summary>Names like <c>tokenizers/llama-2</c> and <c>models/tiny-random-gpt2</c> of every loadable tokenizer.json.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        var root = Fixtures.Root;
        if (Directory.Exists(Path.Combine(root, "tokenizers")))
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "tokenizers")).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dir);
                if (name != Refused && File.Exists(Path.Combine(dir, "tokenizer.json")))
                {
                    data.Add($"tokenizers/{name}");
                }
            }
        }

        if (Directory.Exists(Path.Combine(root, "models")))
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "models")).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(dir, "tokenizer.json")))
                {
                    data.Add($"models/{Path.GetFileName(dir)}");
                }
            }
        }

        if (data.Count == 0)
        {
            data.Add("tokenizers/absent");
        }

        return data;
    }

    public static string Folder(string name) => Fixtures.Require(name.Split('/'));
}
