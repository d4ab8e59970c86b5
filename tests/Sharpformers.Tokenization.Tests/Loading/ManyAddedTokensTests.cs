using System.Text;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.Loading;

/// <summary>
/// A tokenizer.json with tens of thousands of added tokens (arrays of objects, which the loader walks once: indexing a
/// <c>JsonElement</c> array of objects rescans it per item, which once made this load take seconds) loads and matches
/// every added token as HF tokenizers does.
/// </summary>
public sealed class ManyAddedTokensTests
{
    [Fact]
    public void Fifty_thousand_added_tokens_load_and_encode_as_hugging_face_does()
    {
        const int count = 50_000;
        var added = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            added.Append(i == 0 ? "" : ",")
                .Append("{\"id\": ").Append(i + 2).Append(", \"content\": \"<t").Append(i)
                .Append(">\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": ").Append(i % 2 == 0 ? "true" : "false").Append('}');
        }

        using var dir = new TemporaryDirectory();
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, $$"""
            {"model": {"type": "WordLevel", "vocab": {"a": 0, "<unk>": 1}, "unk_token": "<unk>"},
             "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"}, "post_processor": null, "decoder": null,
             "added_tokens": [{{added}}]}
            """);

        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        var ours = PretrainedTokenizer.FromFile(path);
        foreach (var text in new[] { "<t0> a <t49999>", "a<t12345>a <t1><t2> b", "<t25000x <t7>" })
        {
            Assert.Equal(hf.Encode(text).Select(i => (int)i).ToArray(), ours.Encode(text).Ids.ToArray());
        }

        Assert.Equal(count + 2, ours.TotalVocabSize);
    }
}
